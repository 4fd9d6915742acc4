#!/usr/bin/env bash
# Regenerates the README's picture of the report: `tailor report` on a finished demo run, rendered by
# headless Chromium at a 1280 px wide window (the whole page), saved at 3/4 scale to keep the file small.
# Usage: docs/report-screenshot.sh [RUN_DIR] [OUT.png]    defaults: runs/demo docs/report-demo.png
set -euo pipefail
cd "$(dirname "$0")/.."
run="${1:-runs/demo}"
out="${2:-docs/report-demo.png}"
browser="$(command -v chromium-headless-shell || command -v chromium || true)"
[ -n "$browser" ] || { echo "report-screenshot: needs chromium-headless-shell or chromium (apt-get install chromium-headless-shell)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./tailor report "$run" --html "$work/report.html"
# The page's height at 1280 px, as the browser lays it out.
sed 's|</body>|<pre id="h" hidden></pre><script>document.getElementById("h").textContent = document.documentElement.scrollHeight</script></body>|' \
  "$work/report.html" > "$work/probe.html"
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$work/profile")
height="$("$browser" "${flags[@]}" --window-size=1280,900 --dump-dom "file://$work/probe.html" 2>/dev/null \
  | sed -n 's|.*<pre id="h"[^>]*>\([0-9][0-9]*\)</pre>.*|\1|p')"
[ -n "$height" ] || { echo "report-screenshot: could not measure the page" >&2; exit 1; }
"$browser" "${flags[@]}" --window-size="1280,$height" --force-device-scale-factor=0.75 --screenshot="$(realpath -m "$out")" \
  "file://$work/report.html" 2>/dev/null
echo "written: $out (page 1280 x $height px, saved at 3/4 scale)"
