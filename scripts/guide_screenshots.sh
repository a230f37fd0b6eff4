#!/usr/bin/env bash
# Makes the screenshots of the user guide (docs/huong-dan/*.png), which
# scripts/package.sh puts into "Hướng dẫn sử dụng.html":
#   1-mo-trang.png      the page as a double click opens it (headless Chromium)
#   2-gui-tep.png       the page after the sample bloc's files are sent  } from tests/web_browser.rs
#   3-xep-hang.png      the ranking                                        } (Chromium)
#   4-bang-tong-hop.png the consolidated workbook as printed (LibreOffice → PDF → pdftoppm)
# and docs/trang-tinh.png, the province's page (README), from tests/web_browser.rs.
# Needs chromium and chromedriver, LibreOffice (soffice) and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/huong-dan
target="${CARGO_TARGET_DIR:-target}"
tmp=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT
server=

cargo build --quiet
thidua="$target/debug/thidua"
sample=samples/khoi-van-hoa-xa-hoi

# 1. The page as it opens, with the bloc's rules and no file yet.
port=18765
"$thidua" serve --rules "$sample/quy-dinh.toml" --port "$port" >"$tmp/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do grep -q "127.0.0.1:$port" "$tmp/serve.log" && break; sleep 0.2; done
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1366,768 \
    --virtual-time-budget=5000 --screenshot="$out/1-mo-trang.png" "http://127.0.0.1:$port/" 2>/dev/null
kill "$server"

# 2, 3. The page with the sample bloc's files, from the browser test.
cargo test --quiet --test web_browser -- chromium
cp "$target/tmp/e2e/chromium/trang-1366x768.png" "$out/2-gui-tep.png"
cp "$target/tmp/e2e/chromium/trang-xep-hang.png" "$out/3-xep-hang.png"
# The province's page (README, "Tổng hợp của tỉnh").
cargo test --quiet --test web_browser -- province_page_shows_the_blocs_like_thidua_province_in_chromium
cp "$target/tmp/e2e/chromium/tinh-cac-khoi.png" docs/trang-tinh.png

# 4. The consolidated workbook's first page.
"$thidua" consolidate "$sample" -o "$tmp/Bảng tổng hợp.xlsx" >/dev/null || true
soffice --headless --convert-to pdf --outdir "$tmp" "$tmp/Bảng tổng hợp.xlsx" >/dev/null 2>&1
pdftoppm -png -r 90 -f 1 -l 1 -singlefile "$tmp/Bảng tổng hợp.pdf" "$out/4-bang-tong-hop"
ls -l "$out"
