/**
 * Reading or changing records by id, a hundred at a time: the `id[in]` filter (ids quoted, as Twenty's filter parser
 * takes them) and the chunks that keep its URL well under common 8 KB limits (37 characters per quoted uuid).
 */

/** Ids per `id[in]` filter. */
export const IDS_PER_FILTER = 100;

/** `id[in]:["…","…"]` */
export const idInFilter = (ids: readonly string[]): string => `id[in]:[${ids.map((id) => `"${id}"`).join(',')}]`;

/** `list` cut into consecutive pieces of at most `size`. */
export const chunked = <T>(list: readonly T[], size = IDS_PER_FILTER): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
