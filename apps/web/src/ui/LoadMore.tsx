interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** "Load more" under a paged list (a TanStack infinite query); nothing once the last page is in. */
export function LoadMore({ list, className = 'ui-load-more' }: { list: PagedQuery; className?: string }) {
  if (!list.hasNextPage) return null;
  return (
    <div className={className}>
      <button
        type="button"
        className="button"
        onClick={() => void list.fetchNextPage()}
        disabled={list.isFetchingNextPage}
      >
        {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
      </button>
    </div>
  );
}
