# Installs the Debian packages Shoal needs, only when one is missing. Sourced by ops/run and ops/test.

SHOAL_SYSTEM_PACKAGES=(pkg-config libuv1-dev liblua5.1-0-dev libpq-dev libcrypt-dev postgresql)

shoal_install_deps() {
  local missing=() pkg
  for pkg in "$@" "${SHOAL_SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "ops: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

shoal_require_swift() {
  if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
      export PATH="/opt/swift/usr/bin:$PATH"
    else
      echo "ops: the Swift 6 toolchain is required (swift not found on PATH)" >&2
      return 1
    fi
  fi
}
