namespace PermShell.Core.Reports;

/// <summary>
/// The report's style sheet and script, written next to the pages: no CDN, no fonts, no network. The script sorts and
/// filters the overview's table, complete in the HTML (it reads the same without the script), and draws the users list,
/// a user's page and a permission's page from the data files of <see cref="ReportData"/>.
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
        .more { color: var(--muted); font-size: 13px; }
        .more button { font: inherit; color: var(--link); background: none; border: 1px solid var(--border); border-radius: 6px; padding: 2px 8px; cursor: pointer; }
        .notice { border-left: 4px solid var(--implied); padding: 4px 12px; background: var(--head); }
        footer { margin-top: 32px; padding-top: 12px; padding-bottom: 24px; border-top: 1px solid var(--border); }
        """;

    public const string Script = """
        // PermShell audit report: sortable, filterable tables. Plain JavaScript, no dependencies, no network.
        // The overview's table is complete in the HTML. The users list, a user's page (user.html?name=) and a permission's
        // page (permission.html?name=) are drawn from the data files in data/: scripts that hand their JSON to
        // PermShellReport, since browsers block fetch() of file:// pages. Those tables show the first rows of the ones that
        // match the filter, more on request. ?q=text pre-fills the filter and ?sort=<column>&dir=desc sorts on load, so a
        // view can be shared as a link.
        'use strict';

        window.PermShellReport = {
          meta: value => { PermShellReport.data.meta = value; },
          users: (index, rows) => { PermShellReport.data.shards[index] = rows; },
          data: { meta: null, shards: [] },
        };

        const PageSize = 500;
        const params = new URLSearchParams(location.search);

        // Ordinal text order, like PowerShell's: the order the pages and data are written in.
        function compare(x, y) {
          return x < y ? -1 : x > y ? 1 : 0;
        }

        function filterWords(input) {
          return input.value.toLowerCase().split(/\s+/).filter(Boolean);
        }

        function showCount(input, shown, total) {
          const count = document.getElementById(input.id + '-count');
          if (count) count.textContent = shown + ' of ' + total + ' rows';
        }

        function setSorted(header, direction) {
          for (const cell of header.parentElement.cells) cell.removeAttribute('aria-sort');
          header.setAttribute('aria-sort', direction);
        }

        // ---- a table complete in the HTML (the overview) ----

        function cellValue(row, column, numeric) {
          const cell = row.cells[column];
          const text = cell.dataset.value ?? cell.textContent.trim();
          return numeric ? Number(text) : text;
        }

        const htmlTable = {
          sort(table, column, direction) {
            const header = table.tHead.rows[0].cells[column];
            const numeric = header.dataset.type === 'number';
            const sign = direction === 'descending' ? -1 : 1;
            const body = table.tBodies[0];
            const rows = Array.from(body.rows);
            rows.sort((a, b) => sign * compare(cellValue(a, column, numeric), cellValue(b, column, numeric)));
            setSorted(header, direction);
            body.append(...rows);
          },
          filter(table, input) {
            const words = filterWords(input);
            const rows = table.tBodies[0].rows;
            let shown = 0;
            for (const row of rows) {
              const text = row.textContent.toLowerCase();
              row.hidden = !words.every(word => text.includes(word));
              if (!row.hidden) shown++;
            }
            showCount(input, shown, rows.length);
          },
        };

        // ---- a table drawn from the data ----
        // A row is { cells: [{ text, href?, route?, number? }], search: its text in lower case }.

        function dataRow(cells) {
          return { cells, search: cells.map(cell => cell.text).join(' ').toLowerCase() };
        }

        function rowElement(row) {
          const tr = document.createElement('tr');
          for (const cell of row.cells) {
            const td = tr.insertCell();
            if (cell.number) td.className = cell.text === '0' ? 'num zero' : 'num';
            if (cell.path) td.className = 'path';
            if (cell.href) {
              const link = document.createElement('a');
              link.href = cell.href;
              link.textContent = cell.text;
              td.append(link);
            } else if (cell.route) {
              const badge = document.createElement('span');
              badge.className = 'route route-' + cell.text;
              badge.textContent = cell.text;
              td.append(badge);
            } else {
              td.textContent = cell.text;
            }
          }
          return tr;
        }

        class DataTable {
          constructor(table, input, rows) {
            this.table = table;
            this.input = input;
            this.rows = rows;
            this.limit = PageSize;
            this.more = document.getElementById(table.id + '-more');
            this.more.querySelector('button').addEventListener('click', () => { this.limit += PageSize; this.draw(); });
          }
          sort(column, direction) {
            const header = this.table.tHead.rows[0].cells[column];
            const value = header.dataset.type === 'number' ? row => Number(row.cells[column].text) : row => row.cells[column].text;
            const sign = direction === 'descending' ? -1 : 1;
            this.rows.sort((a, b) => sign * compare(value(a), value(b)));
            setSorted(header, direction);
            this.filter();
          }
          filter() {
            const words = filterWords(this.input);
            this.shown = words.length ? this.rows.filter(row => words.every(word => row.search.includes(word))) : this.rows;
            showCount(this.input, this.shown.length, this.rows.length);
            this.draw();
          }
          draw() {
            const body = document.createElement('tbody');
            for (const row of this.shown.slice(0, this.limit)) body.append(rowElement(row));
            this.table.tBodies[0].replaceWith(body);
            this.more.hidden = this.shown.length <= this.limit;
            this.more.querySelector('span').textContent =
              'Showing the first ' + this.limit + ' of ' + this.shown.length + ' matching rows: narrow the filter, or';
          }
        }

        // ---- the data files ----

        function load(file) {
          return new Promise((resolve, reject) => {
            const script = document.createElement('script');
            script.src = 'data/' + file;
            // Loaded scripts leave the page: the data lives in PermShellReport.
            script.onload = () => { script.remove(); resolve(); };
            script.onerror = () => { script.remove(); reject(new Error('The report data file data/' + file + ' could not be loaded.')); };
            document.head.append(script);
          });
        }

        // Loads data/report.js, then the shards that pick() names (all of them when it names none).
        async function loadData(pick) {
          await load('report.js');
          const meta = PermShellReport.data.meta;
          meta.pages = new Map(meta.permissions.map(permission => [permission.name, permission]));
          const shards = pick ? pick(meta) : meta.shards.map((_, index) => index);
          await Promise.all(shards.map(index => load(meta.shards[index][0])));
          return meta;
        }

        // The shard a user's name falls in: the last whose first name is not after it (shards are in ordinal order).
        function shardOf(meta, name) {
          let low = 0, high = meta.shards.length - 1;
          while (low < high) {
            const middle = (low + high + 1) >> 1;
            if (meta.shards[middle][1] <= name) low = middle; else high = middle - 1;
          }
          return low;
        }

        function allUsers() {
          return PermShellReport.data.shards.flat();
        }

        function pageOf(page, name) {
          return page + '?name=' + encodeURIComponent(name);
        }

        function routeCells(meta, user, id, first) {
          const [permission, kind, via, pathAfterUser] = meta.routes[id];
          return [first, { text: kind, route: true }, { text: via }, { text: user + pathAfterUser, path: true }];
        }

        function fact(term, text, className) {
          const dt = document.createElement('dt');
          dt.textContent = term;
          const dd = document.createElement('dd');
          if (className) {
            const span = document.createElement('span');
            span.className = className;
            span.textContent = text;
            dd.append(span);
          } else {
            dd.textContent = text;
          }
          document.getElementById('facts').append(dt, dd);
        }

        function titled(name) {
          document.getElementById('title').textContent = name;
          document.title = name + ' · PermShell audit';
        }

        function notFound(what, name) {
          titled(name);
          const notice = document.createElement('p');
          notice.className = 'notice';
          notice.textContent = 'There is no ' + what + ' named \'' + name + '\' in this report.';
          document.getElementById('title').after(notice);
          return [];
        }

        const views = {
          async users() {
            await loadData();
            return allUsers().map(user => dataRow([
              { text: user[0], href: pageOf('user.html', user[0]) }, { text: user[1] }, { text: user[2] },
              { text: user[3] & 1 ? 'yes' : 'no' }, { text: user[3] & 2 ? 'yes' : 'no' }, { text: String(user[5]), number: true }]));
          },

          async user() {
            const name = params.get('name') ?? '';
            const meta = await loadData(meta => [shardOf(meta, name)]);
            const user = allUsers().find(user => user[0] === name);
            if (!user) return notFound('user', name);
            titled(name);
            fact('DisplayName', user[1]);
            fact('Email', user[2]);
            fact('IsActive', user[3] & 1 ? 'yes' : 'no');
            fact('IsSuperuser', user[3] & 2 ? 'yes' : 'no');
            fact('Groups', user[4] || 'none');
            fact('Permissions', user[5] + ' held');
            if (user.length > 7) {
              const notice = document.getElementById('notice');
              notice.textContent = user[7];
              notice.hidden = false;
            }
            return user[6].map(id => {
              const permission = meta.names[meta.routes[id][0]];
              const first = meta.pages.has(permission) ? { text: permission, href: pageOf('permission.html', permission) } : { text: permission };
              return dataRow(routeCells(meta, name, id, first));
            });
          },

          async permission() {
            const name = params.get('name') ?? '';
            const meta = await loadData();
            const facts = meta.pages.get(name);
            if (!facts) return notFound('permission', name);
            titled(name);
            if (facts.display) {
              const display = document.getElementById('display');
              display.textContent = facts.display;
              display.hidden = false;
            }
            fact('App', facts.app);
            fact('Model', facts.model);
            fact('CodeName', facts.codeName);
            if (facts.implies) fact('Implies', facts.implies);
            fact('Users', facts.users + ' granted directly');
            fact('Groups', facts.groups + ' granted directly');
            fact('GroupUsers', facts.groupUsers + ' in those groups');
            fact('EffectiveUsers', facts.effectiveUsers + ' active users hold it');
            if (facts.anonymous) fact('Everyone', 'anonymous holds it: everyone, signed in or not', 'public');
            else if (facts.authenticated) fact('Everyone', 'authenticated holds it: every signed-in user', 'public');
            const list = document.getElementById('grantees');
            for (const [subject, kind] of facts.grantees) {
              const item = document.createElement('li');
              if (kind === 'user') {
                const link = document.createElement('a');
                link.href = pageOf('user.html', subject);
                link.textContent = subject;
                item.append(link);
              } else {
                const hint = document.createElement('span');
                hint.className = 'hint';
                hint.textContent = '(' + kind + ')';
                item.append(subject + ' ', hint);
              }
              list.append(item);
            }
            document.getElementById('no-grantees').hidden = facts.grantees.length > 0;
            // Holders in the order of Get-PermissionAudit -Name: users in ordinal order, each user's routes strongest first.
            const permission = meta.names.indexOf(name);
            const rows = [];
            for (const user of allUsers())
              for (const id of user[6])
                if (meta.routes[id][0] === permission)
                  rows.push(dataRow(routeCells(meta, user[0], id, { text: user[0], href: pageOf('user.html', user[0]) })));
            return rows;
          },
        };

        // ---- wiring: sort buttons, filters, the address's view ----

        function wire(table, input, sort, filter) {
          Array.from(table.tHead.rows[0].cells).forEach((header, column) => {
            const button = header.querySelector('button');
            if (!button) return;
            button.addEventListener('click', () =>
              sort(column, header.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending'));
          });
          input.addEventListener('input', filter);
          if (params.has('q')) input.value = params.get('q');
          const columns = Array.from(table.tHead.rows[0].cells);
          const sorted = columns.findIndex(header => header.dataset.key === params.get('sort'));
          if (sorted >= 0) sort(sorted, params.get('dir') === 'desc' ? 'descending' : 'ascending');
          else filter();
        }

        document.addEventListener('DOMContentLoaded', async () => {
          for (const table of document.querySelectorAll('table.sortable:not([data-rows])')) {
            const input = document.querySelector('input[aria-controls="' + table.id + '"]');
            wire(table, input, (column, direction) => { htmlTable.sort(table, column, direction); htmlTable.filter(table, input); },
              () => htmlTable.filter(table, input));
          }
          const table = document.querySelector('table[data-rows]');
          if (!table) return;
          try {
            const rows = await views[document.getElementById('main').dataset.view]();
            const input = document.querySelector('input[aria-controls="' + table.id + '"]');
            const data = new DataTable(table, input, rows);
            wire(table, input, (column, direction) => data.sort(column, direction), () => { data.limit = PageSize; data.filter(); });
          } catch (error) {
            const notice = document.createElement('p');
            notice.className = 'notice';
            notice.textContent = error.message;
            table.closest('.table').before(notice);
          }
        });
        """;
}
