#!/usr/bin/env bash
# Debian packages flagbot needs beyond Python: a CJK font for the charts, the PostgreSQL client tools
# for `flagbot backup`, and LibreOffice + poppler for scripts/render_documents.sh (looking at the 通报, the
# slides and the workbook as pages; the bot itself and the tests do not need them).
# Installs only what is missing; without root it says what to install instead.
set -euo pipefail
need=()
fc-list 2>/dev/null | grep -qiE 'WenQuanYi|Noto Sans CJK|Noto Serif CJK' || need+=(fonts-wqy-microhei fontconfig)
command -v pg_dump >/dev/null 2>&1 || need+=(postgresql-client)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-impress-nogui)
[ -e /usr/lib/libreoffice/program/libsclo.so ] || need+=(libreoffice-calc-nogui)  # the .xlsx
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -qi 'Noto Serif CJK' || need+=(fonts-noto-cjk)  # a serif 宋体-like face for 通报 pages
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install these Debian packages: ${need[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
