# Shared by app.sh and test.sh (sourced, not run): Debian packages and the virtual environment.

# Install the named Debian packages that are not installed yet (as root, or with sudo).
apt_install_missing() {
  local missing=() package
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

# Create .venv with the machine's python3 (Debian ships venv separately, as python3-venv).
ensure_venv() {
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv 2>/dev/null || { rm -rf .venv; apt_install_missing python3-venv; python3 -m venv .venv; }
    .venv/bin/python -m pip install -q --upgrade pip
  fi
}
