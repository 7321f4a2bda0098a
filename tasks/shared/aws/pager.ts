/**
 * Token pagination for the live collectors: every page is fetched with a fresh input (so each call is
 * exactly what was sent), an empty or absent token ends the listing, and a token the service has
 * already returned is an error rather than an endless loop or a silently truncated inventory.
 */

/** A listing repeated a page token, or ran past the page limit. */
class PaginationError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'PaginationError';
  }
}

interface Page<T> {
  readonly items: readonly T[];
  /** The token for the next page; `undefined`, `null` or `''` = last page. */
  readonly nextToken?: string | null | undefined;
}

/** Pages a listing may have before it is considered broken (100 items × 10 000 pages is beyond any account). */
const DEFAULT_MAX_PAGES = 10_000;

/**
 * Every item of a token-paginated listing. `fetch(undefined)` is the first page; `fetch(token)` the next.
 * @throws PaginationError on a repeated token or more than `maxPages` pages.
 */
async function collectPages<T>(
  what: string,
  fetch: (token: string | undefined) => Promise<Page<T>>,
  maxPages = DEFAULT_MAX_PAGES,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 1; ; page++) {
    const result = await fetch(token);
    items.push(...result.items);
    const next = result.nextToken ?? undefined;
    if (next === undefined || next === '') return items;
    if (seen.has(next)) throw new PaginationError(`${what}: page ${page} repeated an earlier NextToken`);
    if (page >= maxPages) throw new PaginationError(`${what}: more than ${maxPages} pages`);
    seen.add(next);
    token = next;
  }
}

export { collectPages, DEFAULT_MAX_PAGES, type Page, PaginationError };
