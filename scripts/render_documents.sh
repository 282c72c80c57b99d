#!/usr/bin/env bash
# Look at the meeting's documents as a person would (SPEC §11): the 通报 (.docx), the slides (.pptx) and
# the workbook (.xlsx, each sheet as its print setup lays it out) rendered to PDF by LibreOffice
# (headless) and to PNG pages by pdftoppm.
#
#   scripts/render_documents.sh [-o DIR] FILE.docx|FILE.pptx|FILE.xlsx ...
#
# Writes DIR/<name>-<page>.png (default DIR: docs/images). Needs the Debian packages
# libreoffice-writer-nogui, libreoffice-impress-nogui, libreoffice-calc-nogui and poppler-utils
# (scripts/install-system-deps.sh).
set -euo pipefail
out=docs/images
if [ "${1:-}" = "-o" ]; then out=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: $0 [-o DIR] FILE.docx|FILE.pptx|FILE.xlsx ..." >&2; exit 2; }
for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/install-system-deps.sh" >&2; exit 1; }
done
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for file in "$@"; do
  name=$(basename "${file%.*}")
  # A profile of its own: a running LibreOffice (or another render) does not swallow the conversion.
  soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work" "$file" >/dev/null
  pdftoppm -png -r "${DPI:-80}" "$work/$name.pdf" "$out/$name"
  ls "$out/$name"*.png
done
