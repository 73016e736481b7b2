#!/usr/bin/env python3
"""Writes the licences of everything compiled into Fabrique's programs for one target: every crate
reachable from the `fabrique` and `fabrique-cli` binaries through normal dependencies (build tools
and macros are not shipped), with the licence files each crate publishes, then the npm packages
bundled into the interface. Usage: third_party_licences.py TARGET OUT.txt"""

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# npm packages whose code or data the interface bundle carries (the rest are build tools).
BUNDLED_NPM = ["@tauri-apps/api", "svelte", "@etalab/decoupage-administratif"]
LICENCE_PREFIXES = ("license", "licence", "copying", "notice", "unlicense")


def licence_files(folder: pathlib.Path):
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.name.lower().startswith(LICENCE_PREFIXES)
    )


def shipped_crates(target: str):
    meta = json.loads(
        subprocess.check_output(
            ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", target],
            cwd=ROOT,
        )
    )
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    roots = [p["id"] for p in meta["packages"] if p["name"] in ("fabrique", "fabrique-cli")]
    seen, todo = set(), list(roots)
    while todo:
        node = nodes[todo.pop()]
        for dep in node["deps"]:
            normal = any(k["kind"] is None for k in dep["dep_kinds"])
            if normal and dep["pkg"] not in seen:
                seen.add(dep["pkg"])
                todo.append(dep["pkg"])
    workspace = set(meta["workspace_members"])
    return sorted((packages[i] for i in seen if i not in workspace), key=lambda p: (p["name"], p["version"]))


def main():
    target, out = sys.argv[1], pathlib.Path(sys.argv[2])
    parts = [
        "Licences des composants tiers de Fabrique\n"
        "=========================================\n\n"
        "Fabrique est distribué sous la licence GNU AGPL 3.0 ou ultérieure (LICENCE.txt). Il contient\n"
        "les composants suivants, chacun sous sa propre licence, reproduite ci-dessous.\n"
    ]
    crates = shipped_crates(target)
    for p in crates:
        parts.append(f"\n\n---- {p['name']} {p['version']} (Rust) — {p.get('license') or 'voir ci-dessous'}\n")
        if p.get("repository"):
            parts.append(f"Source : {p['repository']}\n")
        for f in licence_files(pathlib.Path(p["manifest_path"]).parent):
            parts.append(f"\n[{f.name}]\n{f.read_text(encoding='utf-8', errors='replace').strip()}\n")
    for name in BUNDLED_NPM:
        folder = ROOT / "ui" / "node_modules" / name
        info = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        parts.append(f"\n\n---- {name} {info['version']} (interface) — {info.get('license', 'voir ci-dessous')}\n")
        for f in licence_files(folder):
            parts.append(f"\n[{f.name}]\n{f.read_text(encoding='utf-8', errors='replace').strip()}\n")
    out.write_text("".join(parts), encoding="utf-8")
    print(f"{len(crates)} crates et {len(BUNDLED_NPM)} paquets npm dans {out}")


if __name__ == "__main__":
    main()
