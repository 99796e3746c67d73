#!/bin/sh
# deps.sh PKG... - make sure these Debian packages are installed.
#
# Nothing to do (any user): exit 0 silently.  Packages missing and running
# as root: apt-get installs exactly those.  Missing as another user: the
# list and the command to run, exit 1 (nothing is installed behind the
# user's back, and no sudo prompt appears in the middle of a build).
# Without dpkg (not Debian): a note naming the packages, exit 0, and the
# build says what is really missing.

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "deps.sh: no dpkg-query (not Debian?): make sure these are installed: $*" >&2
  exit 0
fi
missing=
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "kehoach needs these Debian packages, which are not installed:$missing" >&2
  echo "install them as root, then run make again:" >&2
  echo "  sudo apt-get install$missing" >&2
  exit 1
fi
echo "installing:$missing"
apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
