/**
 * Building ASQL safely (itsm-apis.md §6.3, §9): every value becomes a single-quoted literal with its quotes
 * doubled, and the few names we splice in (configured attributes) must be plain identifiers and are bracketed,
 * which also protects names that collide with reserved words such as `End` (§6.6).
 */
import { ValidationError } from '../../core/errors.js';

/** Characters no ticket number or device name carries; refused rather than sent (they only make queries odd). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A string literal: `O'Brien` → `'O''Brien'`. */
export function asqlString(value: string): string {
  if (CONTROL.test(value)) throw new ValidationError('That value contains control characters (such as a line break), which Matrix42 queries cannot take.');
  return `'${value.replace(/'/g, "''")}'`;
}

/** `expr IN ('a','b')`; at least one value. */
export function asqlIn(expr: string, values: readonly string[]): string {
  if (values.length === 0) throw new Error('asqlIn needs at least one value');
  return `${expr} IN (${values.map(asqlString).join(',')})`;
}

/** A bracketed identifier; anything but letters, digits and `_` is a programming or settings error. */
export function asqlName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not an ASQL attribute name: ${name}`);
  return `[${name}]`;
}
