"""The growth table of docs/performance.md from several `manage.py bench` outputs, one per size:

    python devtools/growth_table.py /tmp/bench-10k.md /tmp/bench-100k.md /tmp/bench-1m.md

Reads each file's bench table (between the bench markers) and prints, for every page, ours (median,
ms), its database time and the number of rows, per size, and the growth from the second size to
the third (the 100,000 -> 1,000,000 step the target is about). Plain Python, no Django."""
import re
import sys


def read(path):
    text = open(path).read()
    size = int(re.search(r"Data: ([\d,]+) claims", text).group(1).replace(",", ""))
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    header = next(line for line in lines if line.startswith("| page |"))
    columns = [cell.strip() for cell in header.strip("|").split("|")]
    rows = {}
    for line in lines:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == len(columns) and cells[0] != "page" and not cells[0].startswith("---"):
            rows[cells[0]] = dict(zip(columns, cells))
    exports = {}
    for line in lines:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 7 and cells[0] not in ("export",) and not cells[0].startswith("---") and cells[2].replace(".", "").isdigit():
            exports[cells[0]] = cells
    return size, rows, exports


def number(value):
    try:
        return float(value.replace(",", "").strip("*"))
    except (AttributeError, ValueError):
        return None


def main(paths):
    runs = [read(path) for path in paths]
    sizes = [f"{size:,}" for size, _, _ in runs]
    print("| page | " + " | ".join(f"{s} claims: ours / database / CPU (ms), rows" for s in sizes)
          + " | growth of ours, last two sizes | growth of CPU |")
    print("|---|" + "---:|" * len(runs) + "---:|---:|")
    for label in runs[0][1]:
        cells, ours, cpu = [], [], []
        for _, rows, _ in runs:
            row = rows.get(label, {})
            ours.append(number(row.get("ours median (ms)")))
            cpu.append(number(row.get("CPU (ms)")))
            cells.append(f"{row.get('ours median (ms)', '')} / {row.get('database (ms)', '')} / {row.get('CPU (ms)', '')}, "
                         f"{row.get('rows', '') or '—'}")
        growth = f"{ours[-1] / ours[-2]:.2f} ×" if len(ours) > 1 and ours[-1] and ours[-2] else ""
        cpu_growth = f"{cpu[-1] / cpu[-2]:.2f} ×" if len(cpu) > 1 and cpu[-1] and cpu[-2] else ""
        print(f"| {label} | " + " | ".join(cells) + f" | {growth} | {cpu_growth} |")
    print()
    columns = (f"{s} claims: seconds / claims/s / peak RSS growth (MB) / peak Python allocations (MB)" for s in sizes)
    print("| export | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(runs))
    for label in runs[0][2]:
        cells = []
        for _, _, exports in runs:
            e = exports.get(label)
            cells.append(f"{e[2]} / {e[3]} / {e[5]} / {e[6]}" if e else "not run")
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
