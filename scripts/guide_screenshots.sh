#!/usr/bin/env bash
# Makes the screenshots of the user guide (docs/huong-dan/*.png), which
# scripts/package.sh puts into "Hướng dẫn sử dụng.html":
#   1-mo-trang.png      the page as a double click opens it (headless Chromium)
#   2-gui-tep.png       the page after the sample bloc's files are sent  } from tests/web_browser.rs
#   3-xep-hang.png      the ranking                                        } (Chromium)
#   4-bang-tong-hop.png the consolidated workbook as printed (LibreOffice → PDF → pdftoppm)
#   5-phieu-bau.png     step 5, the ballots and each award's candidates     }
#   6-kiem-phieu.png    step 6, the count of the filled ballots             } from tests/web_browser.rs
#   7-nhap-so-lieu.png  step 6, the figures of a paper vote typed on the page } (Chromium)
#   8-cac-nam-truoc.png step 2, past years' reports                        }
#   9-so-lieu.png       step 3, the criteria scored against the bloc         }
# and docs/trang-tinh.png, the province's page (README), from tests/web_browser.rs.
# Needs chromium and chromedriver, LibreOffice (soffice) and poppler-utils.
# The package puts the pictures inside the guide: keep them to the window
# (1366×768), not whole pages.
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

# 2, 3, 5–9. The page, from the browser test (the sample bloc; its ballots
# and count; tests/fixtures/history; tests/fixtures/relative).
cargo test --quiet --test web_browser -- chromium
shots="$target/tmp/e2e/chromium"
cp "$shots/trang-1366x768.png" "$out/2-gui-tep.png"
cp "$shots/trang-xep-hang.png" "$out/3-xep-hang.png"
cp "$shots/huong-dan-phieu-bau.png" "$out/5-phieu-bau.png"
cp "$shots/huong-dan-kiem-phieu.png" "$out/6-kiem-phieu.png"
cp "$shots/huong-dan-nhap-so-lieu.png" "$out/7-nhap-so-lieu.png"
cp "$shots/huong-dan-cac-nam-truoc.png" "$out/8-cac-nam-truoc.png"
cp "$shots/trang-so-lieu.png" "$out/9-so-lieu.png"
# The province's page (README, "Tổng hợp của tỉnh").
cp "$shots/tinh-cac-khoi.png" docs/trang-tinh.png

# 4. The consolidated workbook's first page.
"$thidua" consolidate "$sample" -o "$tmp/Bảng tổng hợp.xlsx" >/dev/null || true
soffice --headless --convert-to pdf --outdir "$tmp" "$tmp/Bảng tổng hợp.xlsx" >/dev/null 2>&1
pdftoppm -png -r 90 -f 1 -l 1 -singlefile "$tmp/Bảng tổng hợp.pdf" "$out/4-bang-tong-hop"

ls -l "$out"
