#!/usr/bin/env python3
"""What a delegate would do without Fabrique, for the benchmark beside it: read a Framaforms export
with pandas and count every column's answers (`read_csv` + `value_counts`).

    python3 pandas_counts.py EXPORT.tsv
"""

import sys

import pandas as pd

frame = pd.read_csv(sys.argv[1], sep="\t", skiprows=2, dtype=str, keep_default_na=False)
counts = {column: frame[column].value_counts() for column in frame.columns}
print(f"{len(frame)} réponses, {len(counts)} colonnes comptées")
