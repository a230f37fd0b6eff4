#!/usr/bin/env bash
# Rebuilds tests/fixtures/legacy-ods: the sample bloc's TCVN3 (.xls) and VNI
# (.xlsx) submissions saved as .ods by LibreOffice (an independent writer;
# the fonts travel in its cell styles).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/legacy-ods
profile=${LO_PROFILE:-file:///tmp/lo-profile-legacy-ods}
soffice --headless "-env:UserInstallation=$profile" --convert-to ods --outdir "$out" \
  "samples/khoi-van-hoa-xa-hoi/Bảng chấm điểm thi đua - Sở GDĐT.xls" \
  "samples/khoi-van-hoa-xa-hoi/bhxh.xlsx"
cp samples/khoi-van-hoa-xa-hoi/quy-dinh.toml "$out/"
