/**
 * At most this many messages per read of a visitor's conversation; a full page means the reader
 * should ask again at once. No imports: the web chat's browser code reads it too.
 */
export const VISITOR_PAGE_SIZE = 200;
