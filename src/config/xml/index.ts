/** The lossless XML core of `stratus/config`: node model, parser, serializer and builders. */
export {
  XmlAttribute,
  XmlCData,
  XmlComment,
  XmlDeclaration,
  XmlDoctype,
  XmlDocument,
  XmlElement,
  XmlProcessingInstruction,
  XmlText,
  formatSubtree,
  indentUnitOf,
  type AttrInput,
  type Quote,
  type XmlNode,
  type XmlParent,
  type XmlPrologNode,
} from './nodes.js';
export { parseXml, lineColumn, MAX_DEPTH } from './parse.js';
export { serializeDocument, serializeNode, escapeAttr, escapeText } from './serialize.js';
export { el, textEl, comment, type ElementChild } from './build.js';
