#!/usr/bin/env bash
# Speed of xxgk on distinct reports, against the tools a user would use instead, in one sitting.
#
#   scripts/bench.sh [N]        N distinct reports per render path (default 200)
#
# Builds the release binary, generates distinct data files (benches/common/corpus.rs: each with its
# own agency, year, prose and figures; both editions, short and long), times `xxgk check` and
# `xxgk render` per format, and runs the anchors that are installed, on the same reports:
#   - pandoc, Markdown → DOCX, one process per report (xxgk's own Markdown as input);
#   - typst (the Python package `typst`; set XXGK_TYPST_PYTHON to its Python), one warm compiler
#     fed xxgk's own `.typ` files, one after the other;
#   - LibreOffice `soffice --headless --convert-to pdf`, one process for a batch of xxgk's DOCX.
# Prints the figures per report and the ratios. Machines differ and load varies: compare ratios,
# and run it when the machine is otherwise idle (the load average is printed).
#
# Environment: XXGK_BIN=path measures that xxgk binary instead of the one just built.
# BENCH_RSS=2000 also renders that many distinct reports to PDF in one process and
# prints the peak resident memory (/usr/bin/time -v), for a batch of BENCH_RSS and one of N.
# ANCHOR_N (default 20) caps the reports given to pandoc and LibreOffice, which are slow.
set -euo pipefail

N=${1:-200}
ANCHOR_N=${ANCHOR_N:-20}
[ "$ANCHOR_N" -gt "$N" ] && ANCHOR_N=$N
CHECK_N=1000
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo "building (release)…" >&2
cargo build --release --locked --quiet --bin xxgk
# The generator in the dev profile: an example links the dev-dependencies, whose features would
# make the release profile rebuild most of typst.
cargo build --locked --quiet --example bench-corpus
# XXGK_BIN: another build to measure (e.g. a copy of the binary before a change, for a before/after
# table from one sitting); the corpus is the same.
xxgk=${XXGK_BIN:-$root/target/release/xxgk}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

most=$CHECK_N
[ "${BENCH_RSS:-0}" -gt "$most" ] && most=$BENCH_RSS
[ "$N" -gt "$most" ] && most=$N
"$root/target/debug/examples/bench-corpus" "$work/data" "$most"
# The files in corpus order (the shell would sort 报告10 before 报告2).
files() { for ((i = 0; i < $1; i++)); do echo "$work/data/报告$i.yaml"; done; }
mapfile -t check_files < <(files "$CHECK_N")
mapfile -t render_files < <(files "$N")

# Milliseconds (with decimals) that the command takes; its output goes to $work/last.log.
elapsed() {
  local start end
  start=$(date +%s%N)
  "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; echo "failed: $*" >&2; exit 1; }
  end=$(date +%s%N)
  echo "scale=3; ($end - $start) / 1000000" | bc
}
# Runs a command N times (for timing cold processes in a loop).
repeat() {
  local n=$1
  shift
  for ((i = 0; i < n; i++)); do "$@" || return; done
}
# Milliseconds per run of a cold process: the median of 3 timings of 10 runs each. Timing one run
# alone would count `date` and the shell starting, about 2 ms, as xxgk's.
cold() {
  local runs=()
  for _ in 1 2 3; do runs+=("$(elapsed repeat 10 "$@")"); done
  per "$(printf '%s\n' "${runs[@]}" | sort -g | sed -n 2p)" 10
}
per() { echo "scale=2; $1 / $2" | bc; }
ratio() { echo "scale=1; $2 / $1" | bc; }

rows=()
row() { rows+=("| $1 | $2 ms | ${3:-—} | ${4:-} |"); }

load_before=$(uptime | sed 's/.*load average: //')
cores=$(nproc)

# check: 1,000 distinct files in one process.
t=$(elapsed "$xxgk" check "${check_files[@]}")
row "\`check\` of $CHECK_N files" "$(per "$t" "$CHECK_N")"

out=$work/out
t=$(elapsed "$xxgk" render "${render_files[@]}" -f md,html -q -o "$out/mdhtml")
row "\`render -f md,html\` ($cores jobs)" "$(per "$t" "$N")"

t=$(elapsed "$xxgk" render "${render_files[@]}" -f docx -q -o "$out/docx")
docx=$(per "$t" "$N")
pandoc_note="pandoc not installed"
if command -v pandoc >/dev/null; then
  mkdir -p "$work/pandoc"
  all=("$out/mdhtml"/*.md)
  mds=("${all[@]:0:$ANCHOR_N}")
  start=$(date +%s%N)
  for k in "${!mds[@]}"; do pandoc "${mds[$k]}" -o "$work/pandoc/$k.docx"; done
  end=$(date +%s%N)
  p=$(echo "scale=2; ($end - $start) / 1000000 / $ANCHOR_N" | bc)
  pandoc_note="pandoc $(pandoc --version | head -1 | cut -d' ' -f2) md → docx, one process per report: $p ms"
  row "\`render -f docx\` ($cores jobs)" "$docx" "$pandoc_note" "$(ratio "$docx" "$p")×"
else
  row "\`render -f docx\` ($cores jobs)" "$docx" "$pandoc_note"
fi

t=$(elapsed "$xxgk" render "${render_files[@]}" -f pdf -q -o "$out/pdf")
pdf=$(per "$t" "$N")
if command -v soffice >/dev/null; then
  mkdir -p "$work/lo"
  all=("$out/docx"/*.docx)
  docxs=("${all[@]:0:$ANCHOR_N}")
  t=$(elapsed soffice --headless --convert-to pdf --outdir "$work/lo" "${docxs[@]}")
  p=$(per "$t" "${#docxs[@]}")
  row "\`render -f pdf\` ($cores jobs)" "$pdf" "LibreOffice docx → pdf, one batch process: $p ms" "$(ratio "$pdf" "$p")×"
else
  row "\`render -f pdf\` ($cores jobs)" "$pdf" "LibreOffice not installed"
fi

t=$(elapsed "$xxgk" render "${render_files[@]}" -f pdf -j 1 -q -o "$out/pdf1")
pdf1=$(per "$t" "$N")
python=${XXGK_TYPST_PYTHON:-python3}
if "$python" -c "import typst" 2>/dev/null; then
  "$xxgk" render "${render_files[@]}" -f typ -q -o "$out/typ" 2>/dev/null
  p=$("$python" - "$root/assets/fonts" "$out/typ" <<'EOF'
import glob, sys, time, typst
fonts, folder = sys.argv[1], sys.argv[2]
sources = sorted(glob.glob(folder + "/*.typ"))
# One warm compiler, as xxgk keeps one: fonts are loaded once, then every report is compiled.
compiler = typst.Compiler(root=folder, font_paths=[fonts])
compiler.compile(input=sources[0])
start = time.perf_counter()
for source in sources:
    compiler.compile(input=source)
print(f"{(time.perf_counter() - start) * 1000 / len(sources):.2f}")
EOF
)
  version=$("$python" -c "import typst; print(typst.__version__)")
  row "\`render -f pdf -j 1\`" "$pdf1" "typst $version (Python), one warm compiler fed xxgk's \`.typ\`: $p ms" "$(ratio "$pdf1" "$p")×"
else
  row "\`render -f pdf -j 1\`" "$pdf1" "typst Python package not found (XXGK_TYPST_PYTHON)"
fi

one=${render_files[0]}
cold=$work/cold
t=$(cold "$xxgk" render "$one" -f md,html,docx,pdf -q --force -o "$cold")
if command -v pandoc >/dev/null; then
  all=("$out/mdhtml"/*.md)
  md=${all[0]}
  p=$(cold pandoc "$md" -o "$work/cold.docx")
  row "one cold process, \`-f md,html,docx,pdf\`, one report" "$t" "pandoc md → docx alone: $p ms" "$(ratio "$t" "$p")×"
else
  row "one cold process, \`-f md,html,docx,pdf\`, one report" "$t"
fi
for f in pdf docx md; do
  row "one cold process, \`-f $f\`" "$(cold "$xxgk" render "$one" -f "$f" -q --force -o "$cold")"
done
row "one cold process, \`check\` of one file" "$(cold "$xxgk" check "$one")"
# What starting any process costs from this shell (part of every cold figure above).
row "one cold process, \`/bin/true\` (for reference)" "$(cold /bin/true)"

echo
echo "xxgk $("$xxgk" --version | cut -d' ' -f2), $N distinct reports ($CHECK_N for check), $cores cores; $(date -u '+%F %H:%M UTC')"
echo "load average before: $load_before; after: $(uptime | sed 's/.*load average: //')"
echo
echo "| work, per report | xxgk | anchor, same sitting | anchor ÷ xxgk |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"

if [ "${BENCH_RSS:-0}" -gt 0 ]; then
  echo
  for count in "$N" "$BENCH_RSS"; do
    mapfile -t batch < <(files "$count")
    /usr/bin/time -v "$xxgk" render "${batch[@]}" -f pdf -q --force -o "$work/rss" 2>"$work/time.log" >/dev/null
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.log")
    wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$work/time.log")
    echo "peak RSS, \`render -f pdf\` of $count distinct reports in one process: $((kb / 1024)) MB (wall $wall)"
  done
fi
