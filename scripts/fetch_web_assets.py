#!/usr/bin/env python3
"""Fetch the browser assets the maps need (Leaflet and friends) from the npm registry.

folium loads Leaflet, jQuery, Bootstrap, awesome-markers, Font Awesome and markercluster from
CDNs by default; offline the map stays blank. This script puts pinned copies of those files in
`coverage/ui/static/vendor/` (git-ignored), which Streamlit serves at `/app/static/vendor/...`
(`server.enableStaticServing`, the `static` symlink next to app.py). `coverage.maps` points
every map at them.

Idempotent and quick: when `vendor/assets.json` matches the pins below and every file is
there, it does nothing. Each tarball is checked against the pinned npm integrity (sha512)
before anything is extracted; files are written to a temporary directory and swapped in.

Usage: python scripts/fetch_web_assets.py [--force] [--dest DIR]
Needs `npm` (only `npm pack`, which talks to the npm registry; nothing is installed).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEST = ROOT / "coverage" / "ui" / "static" / "vendor"

# package spec -> (npm integrity, target folder, {path inside the tarball: path in the folder})
# A path ending in "/" copies the whole folder. The licence file always comes along.
PACKAGES: dict[str, tuple[str, str, dict[str, str]]] = {
    "leaflet@1.9.4": (
        "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
        "leaflet",
        {"dist/leaflet.js": "leaflet.js", "dist/leaflet.css": "leaflet.css",
         "dist/images/": "images/", "LICENSE": "LICENSE"},
    ),
    "leaflet.markercluster@1.5.3": (
        "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
        "leaflet.markercluster",
        {"dist/leaflet.markercluster.js": "leaflet.markercluster.js",
         "dist/MarkerCluster.css": "MarkerCluster.css",
         "dist/MarkerCluster.Default.css": "MarkerCluster.Default.css",
         "MIT-LICENCE.txt": "LICENSE"},
    ),
    "jquery@3.7.1": (
        "sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
        "jquery",
        {"dist/jquery.min.js": "jquery.min.js", "LICENSE.txt": "LICENSE"},
    ),
    "bootstrap@5.2.2": (
        "sha512-dEtzMTV71n6Fhmbg4fYJzQsw1N29hJKO1js5ackCgIpDcGid2ETMGC6zwSYw09v05Y+oRdQ9loC54zB1La3hHQ==",
        "bootstrap",
        {"dist/js/bootstrap.bundle.min.js": "bootstrap.bundle.min.js",
         "dist/css/bootstrap.min.css": "bootstrap.min.css", "LICENSE": "LICENSE"},
    ),
    "leaflet.awesome-markers@2.0.5": (
        "sha512-Ne/xDjkGyaujwNVVkv2tyXQUV0ZW7gZ0Mo0FuQY4jp2qWrvXi0hwDBvmZyF/8YOvybyMabTMM/mFWCTd1jZIQA==",
        "leaflet.awesome-markers",
        {"dist/leaflet.awesome-markers.js": "leaflet.awesome-markers.js",
         "dist/leaflet.awesome-markers.css": "leaflet.awesome-markers.css",
         "dist/images/": "images/", "LICENSE": "LICENSE"},
    ),
    "@fortawesome/fontawesome-free@6.2.0": (
        "sha512-CNR7qRIfCwWHNN7FnKUniva94edPdyQzil/zCwk3v6k4R6rR2Fr8i4s3PM7n/lyfPA6Zfko9z5WDzFxG9SW1uQ==",
        "fontawesome",
        {"css/all.min.css": "css/all.min.css", "webfonts/": "webfonts/", "LICENSE.txt": "LICENSE"},
    ),
}
STAMP = "assets.json"


def _pins() -> dict[str, str]:
    return {spec: integrity for spec, (integrity, _, _) in PACKAGES.items()}


def _expected_files(dest: Path) -> list[Path]:
    return [dest / folder / target for _, folder, files in PACKAGES.values()
            for target in files.values()]


def up_to_date(dest: Path) -> bool:
    """Return True when `dest` holds exactly the pinned versions and every file."""
    stamp = dest / STAMP
    if not stamp.is_file():
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8")).get("packages")
    except (ValueError, AttributeError):
        return False
    return recorded == _pins() and all(p.exists() for p in _expected_files(dest))


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _npm_pack(specs: list[str], workdir: Path) -> dict[str, Path]:
    """Run one `npm pack` for every spec (faster than one each); return spec -> tarball."""
    npm = shutil.which("npm")
    if npm is None:
        msg = "npm not found: install Node.js/npm (apt-get install -y npm), then run this again"
        raise SystemExit(msg)
    out = subprocess.run(  # noqa: S603 - fixed arguments, pinned spec
        [npm, "pack", *specs, "--json", "--silent", "--pack-destination", str(workdir)],
        check=False, capture_output=True, text=True, cwd=workdir,
    )
    if out.returncode != 0:
        msg = f"npm pack failed (is the npm registry reachable?):\n{out.stderr.strip()}"
        raise SystemExit(msg)
    infos = json.loads(out.stdout)
    if len(infos) != len(specs):
        msg = f"npm pack returned {len(infos)} packages for {len(specs)} specs"
        raise SystemExit(msg)
    return {spec: workdir / info["filename"] for spec, info in zip(specs, infos, strict=True)}


def _extract(tarball: Path, folder: Path, files: dict[str, str]) -> None:
    with tarfile.open(tarball, "r:gz") as tar:
        members = {m.name.removeprefix("package/"): m for m in tar.getmembers() if m.isfile()}
        for source, target in files.items():
            picked = ({k: v for k, v in members.items() if k.startswith(source)}
                      if source.endswith("/") else {source: members.get(source)})
            if not picked or None in picked.values():
                msg = f"{tarball.name}: {source} not in the package"
                raise SystemExit(msg)
            for name, member in picked.items():
                rel = target + name.removeprefix(source) if source.endswith("/") else target
                out = folder / rel
                out.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as fh:  # type: ignore[union-attr]
                    out.write_bytes(fh.read())


def fetch(dest: Path, *, force: bool = False) -> bool:
    """Fetch and unpack every pinned package into `dest`; return False if nothing was needed."""
    if not force and up_to_date(dest):
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="web-assets-", dir=dest.parent) as tmp:
        work = Path(tmp) / "npm"
        staging = Path(tmp) / "vendor"
        work.mkdir()
        staging.mkdir()
        tarballs = _npm_pack(list(PACKAGES), work)
        for spec, (integrity, folder, files) in PACKAGES.items():
            tarball = tarballs[spec]
            got = _integrity(tarball)
            if got != integrity:
                msg = f"{spec}: integrity mismatch (expected {integrity}, got {got}); not using it"
                raise SystemExit(msg)
            _extract(tarball, staging / folder, files)
            print(f"  {spec} -> {folder}/", file=sys.stderr)
        (staging / STAMP).write_text(
            json.dumps({"packages": _pins(), "source": "registry.npmjs.org via npm pack"},
                       indent=2) + "\n", encoding="utf-8")
        old = Path(tmp) / "old"
        if dest.exists():
            dest.rename(old)
        staging.rename(dest)
    return True


def main(argv: list[str] | None = None) -> int:
    """Fetch the assets unless they are up to date; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="fetch even if up to date")
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST, help="target folder")
    args = parser.parse_args(argv)
    changed = fetch(args.dest, force=args.force)
    print(f"web assets {'fetched into' if changed else 'already up to date in'} {args.dest}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
