namespace PermShell.Core.Reports;

/// <summary>
/// The report's style sheet and script, written next to the pages: no CDN, no fonts, no network. The script only
/// sorts and filters the tables that are already complete in the HTML, so every page reads the same without it.
/// </summary>
internal static class ReportAssets
{
    public const string StyleFile = "report.css";
    public const string ScriptFile = "report.js";

    public const string Style = """
        /* PermShell audit report. Light and dark follow the reader's system (prefers-color-scheme). */
        :root {
          color-scheme: light dark;
          --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --head: #f6f8fa; --stripe: #f6f8fa;
          --link: #0550ae; --focus: #0969da; --mark: #fff8c5;
          --superuser: #8250df; --direct: #1a7f37; --group: #0969da; --implied: #9a6700; --public: #cf222e;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --head: #151b23; --stripe: #12171e;
            --link: #58a6ff; --focus: #58a6ff; --mark: #3b2f00;
            --superuser: #c297ff; --direct: #56d364; --group: #58a6ff; --implied: #e3b341; --public: #ff7b72;
          }
        }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        header.site, main, footer { max-width: 1400px; margin: 0 auto; padding: 0 24px; }
        header.site { display: flex; flex-wrap: wrap; gap: 4px 24px; align-items: baseline; padding-top: 16px; padding-bottom: 8px; border-bottom: 1px solid var(--border); }
        header.site nav { display: flex; gap: 16px; font-weight: 600; }
        header.site nav a[aria-current="page"] { color: var(--fg); text-decoration: none; border-bottom: 2px solid var(--focus); }
        .meta, footer, .hint { color: var(--muted); font-size: 13px; }
        h1 { font-size: 26px; margin: 20px 0 4px; word-break: break-word; }
        h2 { font-size: 18px; margin: 28px 0 8px; }
        a { color: var(--link); }
        code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
        a:focus-visible, button:focus-visible, input:focus-visible, .skip:focus { outline: 3px solid var(--focus); outline-offset: 2px; }
        .skip { position: absolute; left: -10000px; top: 8px; background: var(--bg); padding: 4px 8px; }
        .skip:focus { left: 8px; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; word-break: break-word; }
        ul.inline { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 14px; }
        .filter { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 12px 0; }
        .filter label { font-weight: 600; }
        .filter input { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 6px; padding: 4px 8px; min-width: 18em; }
        .table { overflow-x: auto; border: 1px solid var(--border); border-radius: 6px; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; font-variant-numeric: tabular-nums; }
        caption { text-align: left; padding: 6px 10px; color: var(--muted); font-size: 13px; }
        th, td { padding: 5px 8px; text-align: left; vertical-align: top; border-top: 1px solid var(--border); }
        thead th { background: var(--head); position: sticky; top: 0; vertical-align: bottom; }
        th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-align: inherit; }
        th button::after { content: "\00a0\2195"; color: var(--muted); }
        th[aria-sort="ascending"] button::after { content: "\00a0\25B2"; color: var(--fg); }
        th[aria-sort="descending"] button::after { content: "\00a0\25BC"; color: var(--fg); }
        .num { text-align: right; }
        tbody tr:nth-child(even) { background: var(--stripe); }
        tbody tr:hover { background: var(--mark); }
        td.path { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-word; }
        .route { display: inline-block; font-size: 12px; font-weight: 600; padding: 0 8px; border-radius: 10px; border: 1px solid currentColor; }
        .route-Superuser { color: var(--superuser); }
        .route-Direct { color: var(--direct); }
        .route-Group { color: var(--group); }
        .route-Implied { color: var(--implied); }
        .route-Anonymous, .route-Authenticated, .public { color: var(--public); }
        .zero { color: var(--muted); }
        .notice { border-left: 4px solid var(--implied); padding: 4px 12px; background: var(--head); }
        footer { margin-top: 32px; padding-top: 12px; padding-bottom: 24px; border-top: 1px solid var(--border); }
        """;

    public const string Script = """
        // PermShell audit report: sortable, filterable tables. Plain JavaScript, no dependencies, no network.
        // ?q=text pre-fills the filter and ?sort=<column>&dir=desc sorts on load, so a view can be shared as a link.
        'use strict';

        function cellValue(row, column, numeric) {
          const cell = row.cells[column];
          const text = cell.dataset.value ?? cell.textContent.trim();
          return numeric ? Number(text) : text;
        }

        function sortTable(table, column, direction) {
          const header = table.tHead.rows[0].cells[column];
          const numeric = header.dataset.type === 'number';
          const sign = direction === 'descending' ? -1 : 1;
          const body = table.tBodies[0];
          const rows = Array.from(body.rows);
          // Ordinal text order, like PowerShell's: the same order the pages are written in.
          rows.sort((a, b) => {
            const x = cellValue(a, column, numeric), y = cellValue(b, column, numeric);
            return sign * (x < y ? -1 : x > y ? 1 : 0);
          });
          for (const cell of header.parentElement.cells) cell.removeAttribute('aria-sort');
          header.setAttribute('aria-sort', direction);
          body.append(...rows);
        }

        function filterTable(input) {
          const table = document.getElementById(input.getAttribute('aria-controls'));
          const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
          const rows = table.tBodies[0].rows;
          let shown = 0;
          for (const row of rows) {
            row.hidden = !words.every(word => row.textContent.toLowerCase().includes(word));
            if (!row.hidden) shown++;
          }
          const count = document.getElementById(input.id + '-count');
          if (count) count.textContent = shown + ' of ' + rows.length + ' rows';
        }

        document.addEventListener('DOMContentLoaded', () => {
          const params = new URLSearchParams(location.search);
          for (const table of document.querySelectorAll('table.sortable')) {
            Array.from(table.tHead.rows[0].cells).forEach((header, column) => {
              const button = header.querySelector('button');
              if (!button) return;
              button.addEventListener('click', () =>
                sortTable(table, column, header.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending'));
              if (params.get('sort') === header.dataset.key)
                sortTable(table, column, params.get('dir') === 'desc' ? 'descending' : 'ascending');
            });
          }
          for (const input of document.querySelectorAll('input[aria-controls]')) {
            input.addEventListener('input', () => filterTable(input));
            if (params.has('q')) input.value = params.get('q');
            filterTable(input);
          }
        });
        """;
}
