import type { Catalog } from './en.js';

type Texts = Catalog['errors'];
export type ErrorKey = keyof Texts;

/** A translatable error: a key of the catalog's `errors` and exactly the parameters its text takes. */
export type ErrorText = {
  [K in ErrorKey]: Parameters<Texts[K]> extends [] ? { key: K; params?: undefined } : { key: K; params: Parameters<Texts[K]>[0] };
}[ErrorKey];

export function errorText(c: Catalog, e: ErrorText): string {
  // The union pairs each key with its own parameters; indexing by a union key loses that pairing, so the call goes
  // through a wider signature. `ErrorText` is what makes it sound.
  const render = c.errors[e.key] as (p?: unknown) => string;
  return render(e.params);
}
