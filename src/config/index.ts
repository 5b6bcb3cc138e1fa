/**
 * `stratus/config`: typed libvirt XML documents over a lossless XML tree.
 */
export { ConfigError, type ConfigErrorCode, type ConfigErrorContext } from './errors.js';
export * from './xml/index.js';
export * from './units.js';
export { XmlView, XmlDocumentView, ViewList, isElement, parseRoot, type ViewClass, type IntOptions, type BoolStyle, type ListOptions } from './view.js';
