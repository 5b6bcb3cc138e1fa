export interface FilterRejection {
  filter: string;
  count: number;
  /** One phrase saying why, e.g. "image wants aarch64" or "needs 4096 MiB, best has 2048". */
  reason: string;
}

/** Nothing passed the filters; the message counts the hosts each filter removed and why. */
export class NoValidHostError extends Error {
  readonly code = 'NO_VALID_HOST';
  readonly rejections: FilterRejection[];
  readonly hostCount: number;

  constructor(rejections: FilterRejection[], hostCount: number) {
    super(NoValidHostError.describe(rejections, hostCount));
    this.name = 'NoValidHostError';
    this.rejections = rejections;
    this.hostCount = hostCount;
  }

  private static describe(rejections: FilterRejection[], hostCount: number): string {
    if (hostCount === 0) return 'no valid host: there are no hosts';
    const parts = rejections.map((r, k) => `${r.count} ${k === 0 ? 'rejected by' : 'by'} ${r.filter}${r.reason ? ` (${r.reason})` : ''}`);
    return `no valid host: ${parts.join(', ')}`;
  }
}
