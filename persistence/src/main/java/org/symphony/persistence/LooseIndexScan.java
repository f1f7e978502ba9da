package org.symphony.persistence;

/**
 * SQL for the distinct values of a column that leads an index, read with one index probe per distinct value (a
 * "loose index scan", which PostgreSQL does not plan by itself): the cost follows the number of values, not of rows.
 * {@code select distinct} over a table that grows with every instruction reads every row; the supervision and
 * recovery paths that list participants must not (found by the 1,000,000 soak, deploy/bench/RESULTS.md (8)).
 */
public final class LooseIndexScan {

    private LooseIndexScan() {
    }

    /**
     * A recursive common table expression {@code name(column)} whose non-null rows are the distinct values of
     * {@code column} in {@code table} among the rows matching {@code filter}, from {@code from} on. It ends with a
     * null row; select {@code where column is not null}.
     *
     * @param name the CTE's name
     * @param table the table; {@code column} must lead one of its indexes (with {@code filter}, a partial one)
     * @param column the column whose values are listed
     * @param filter a condition on the table's rows, SQL ({@code "true"} for none)
     * @param from a lower bound, inclusive: a SQL expression such as {@code "?"}, or null for none
     */
    public static String cte(String name, String table, String column, String filter, String from) {
        String first = "SELECT min(" + column + ") FROM " + table + " WHERE (" + filter + ")"
                + (from == null ? "" : " AND " + column + " >= " + from);
        String next = "SELECT (SELECT min(t." + column + ") FROM " + table + " t WHERE (" + filter + ") AND t." + column
                + " > " + name + "." + column + ") FROM " + name + " WHERE " + name + "." + column + " IS NOT NULL";
        return name + "(" + column + ") AS (" + first + " UNION ALL " + next + ")";
    }
}
