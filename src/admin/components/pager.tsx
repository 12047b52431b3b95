import { Table } from "@medusajs/ui"

type Props = { count: number; pageSize: number; page: number; onPage: (page: number) => void }

/** Medusa's table pagination driven by a page index. */
export const Pager = ({ count, pageSize, page, onPage }: Props) => (
  <Table.Pagination
    count={count}
    pageSize={pageSize}
    pageIndex={page}
    pageCount={Math.ceil(count / pageSize)}
    canPreviousPage={page > 0}
    canNextPage={(page + 1) * pageSize < count}
    previousPage={() => onPage(page - 1)}
    nextPage={() => onPage(page + 1)}
  />
)
