# Sourced by run.sh and test.sh: create (once) the checkout's virtual environment and install the
# pinned requirements into it whenever they change. A virtual environment works as a normal user
# on a PEP 668 system (Debian 12, Ubuntu 23.04+), where pip refuses the system Python.
#   DIGITUKI_VENV  where the environment lives (default .venv in the checkout, git-ignored)
#   PYTHON         the Python that creates it (default python3.11, else python3; 3.11+ needed)
# Usage: . scripts/venv.sh requirements.txt   -> sets PY to the environment's python
venv_setup() {
  local requirements=$1
  local venv_dir=${DIGITUKI_VENV:-.venv}
  local base=${PYTHON:-}
  if [ -z "$base" ]; then
    if command -v python3.11 >/dev/null 2>&1; then base=python3.11; else base=python3; fi
  fi
  if [ ! -x "$venv_dir/bin/python" ]; then
    if ! "$base" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "Python 3.11 or newer is needed ($base is $("$base" --version 2>&1));" \
           "install it, e.g. 'sudo apt-get install python3.11 python3.11-venv'" >&2
      exit 1
    fi
    if ! "$base" -m venv "$venv_dir"; then
      echo "cannot create $venv_dir with $base: install the venv module," \
           "e.g. 'sudo apt-get install python3.11-venv'" >&2
      exit 1
    fi
  fi
  PY="$venv_dir/bin/python"
  # reinstall only when the pins changed (the stamp is the hash of every requirements file)
  local stamp="$venv_dir/.installed-$requirements"
  local want
  want=$(cat requirements*.txt | "$PY" -c \
    'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$PY" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$want" > "$stamp"
  fi
}
venv_setup "$1"
