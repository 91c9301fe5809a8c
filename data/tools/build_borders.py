#!/usr/bin/env python3
"""Builds data/borders-50m.txt from Natural Earth 1:50m admin-0 countries as packaged in
the npm package world-atlas (countries-50m.json, TopoJSON).

    npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python3 data/tools/build_borders.py package/countries-50m.json > data/borders-50m.txt

Output: one polyline (a TopoJSON arc: a stretch of coast or border, each drawn once) per
line. Points are hundredths of a degree; the first is absolute "lon,lat", the rest are
differences from the previous point. Lines starting with '#' are comments.
"""
import json
import sys


def main(path):
    topo = json.load(open(path))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = sys.stdout
    out.write("# Country borders and coastlines, Natural Earth 1:50m (public domain),\n")
    out.write("# via the npm package world-atlas 2.0.2 (ISC, Mike Bostock).\n")
    out.write("# Built by data/tools/build_borders.py; format described there.\n")
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            lon = round((x * sx + tx) * 100)
            lat = round((y * sy + ty) * 100)
            if not pts or pts[-1] != (lon, lat):
                pts.append((lon, lat))
        if len(pts) < 2:
            continue
        parts = [f"{pts[0][0]},{pts[0][1]}"]
        for (a, b), (c, d) in zip(pts, pts[1:]):
            parts.append(f"{c - a},{d - b}")
        out.write(" ".join(parts) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
