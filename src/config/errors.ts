/**
 * The one error class of `stratus/config`. Every failure carries a code a caller can switch on and
 * the place in the document it concerns: an element path such as `/domain/devices/disk[2]/target`,
 * plus line and column when the XML text itself is broken.
 */
export type ConfigErrorCode =
  /** The text is not well-formed XML (line and column are set). */
  | 'MALFORMED_XML'
  /** The XML asks for something we refuse to do: entity declarations, parameter entities. */
  | 'UNSAFE_XML'
  /** The document's root element is not the one the parser was asked for. */
  | 'WRONG_ROOT'
  /** An attribute or element text does not hold a value of the expected type. */
  | 'INVALID_VALUE'
  /** A value that must be present is absent. */
  | 'MISSING_VALUE'
  /** An edit was asked for that would make the tree inconsistent (e.g. moving a node into itself). */
  | 'INVALID_EDIT';

export interface ConfigErrorContext {
  path?: string;
  line?: number;
  column?: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  readonly path: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The message without the location suffix, for callers that print the location themselves. */
  readonly reason: string;

  constructor(code: ConfigErrorCode, reason: string, context: ConfigErrorContext = {}) {
    super(`${code}: ${reason}${describeLocation(context)}`);
    this.code = code;
    this.reason = reason;
    this.path = context.path;
    this.line = context.line;
    this.column = context.column;
  }
}

function describeLocation(ctx: ConfigErrorContext): string {
  const parts: string[] = [];
  if (ctx.path !== undefined && ctx.path !== '') parts.push(`at ${ctx.path}`);
  if (ctx.line !== undefined) parts.push(`line ${ctx.line}, column ${ctx.column ?? 0}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
