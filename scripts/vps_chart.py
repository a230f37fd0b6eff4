#!/usr/bin/env python3
"""Type the VPS column of the published chart "Unicode & Vietnamese Legacy Character Encodings"
(http://vietunicode.sourceforge.net/charset/) into tests/fixtures/text/vps-chart.tsv.

    python3 scripts/vps_chart.py CHART.htm

CHART.htm is the chart page as saved from the web (a saved copy is kept, for example, as
ref/charmap_vietunicode.sourceforge.net_charset.htm in the MIT-licensed encode-vn-perl
repository). The test of src/text/vps.rs checks every letter of our table against this file.
"""

import html
import re
import sys
from pathlib import Path

HEADER = """# VPS column of the published chart "Unicode & Vietnamese Legacy Character Encodings"
# (Vietnamese Unicode project, http://vietunicode.sourceforge.net/charset/), one row per letter
# as the chart lists them: letter, Unicode code point, VPS byte (hex). Typed out of the chart's
# HTML by scripts/vps_chart.py; read by the VPS table's test (src/text/vps.rs)."""


def main(argv):
    page = Path(argv[1]).read_text(encoding="utf-8")
    lines = [HEADER]
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        # Viet | Unicode Hex | VNI | VNI Hex | VPS | VPS Hex | VISCII | … | English Name
        if len(cells) >= 12 and cells[1].startswith("U+"):
            letter = chr(int(cells[1][2:], 16))
            lines.append(f"{letter}\t{cells[1]}\t{cells[5]}")
    out = Path(__file__).resolve().parent.parent / "tests/fixtures/text/vps-chart.tsv"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} letters → {out}")


if __name__ == "__main__":
    main(sys.argv)
