//! One row of a spreadsheet or delimited file, as text cells.
//!
//! A survey export is a million cells: a row keeps all its cells in one string with the end of
//! each, rather than a string per cell, so reading a large file costs two allocations a row and a
//! third of the memory.

/// One row's cells, as written (untrimmed), with the line of the file it came from.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct TableRow {
    /// 1-based line (CSV) or row (XLSX) number in the file.
    pub line: usize,
    text: Box<str>,
    /// Where each cell ends in `text`.
    ends: Box<[u32]>,
}

impl TableRow {
    pub fn new<S: AsRef<str>>(line: usize, cells: impl IntoIterator<Item = S>) -> Self {
        let mut builder = RowBuilder::default();
        for cell in cells {
            builder.push_str(cell.as_ref());
            builder.end_cell();
        }
        builder.finish(line)
    }

    /// How many cells, empty ones included.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Cell `index` as written, None past the row's end.
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = if index == 0 { 0 } else { self.ends[index - 1] as usize };
        Some(&self.text[start..end])
    }

    pub fn cells(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.cells().map(str::to_string).collect()
    }

    /// Whether every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Cells up to the last non-blank one: trailing empty cells (a spreadsheet's stray separators)
    /// carry nothing.
    pub fn filled_len(&self) -> usize {
        self.cells().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1)
    }
}

impl std::fmt::Debug for TableRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableRow").field("line", &self.line).field("cells", &self.to_vec()).finish()
    }
}

/// A row being read, cell by cell.
#[derive(Debug, Default)]
pub struct RowBuilder {
    text: String,
    ends: Vec<u32>,
}

impl RowBuilder {
    pub fn push(&mut self, c: char) {
        self.text.push(c);
    }

    pub fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Ends the cell being read (an empty one if nothing was pushed since the last).
    pub fn end_cell(&mut self) {
        self.ends.push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    /// Cells ended so far.
    pub fn cells(&self) -> usize {
        self.ends.len()
    }

    /// Whether nothing was read since the last row.
    pub fn is_untouched(&self) -> bool {
        self.ends.is_empty() && self.text.is_empty()
    }

    /// The row read, sized to its content; the builder is ready for the next row.
    pub fn finish(&mut self, line: usize) -> TableRow {
        let row = TableRow { line, text: self.text.as_str().into(), ends: self.ends.as_slice().into() };
        self.text.clear();
        self.ends.clear();
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_back_as_given_empty_ones_included() {
        let row = TableRow::new(7, ["SID", "", " Nom « é » ", ""]);
        assert_eq!(row.line, 7);
        assert_eq!(row.len(), 4);
        assert_eq!(row.get(2), Some(" Nom « é » "));
        assert_eq!(row.get(3), Some(""));
        assert_eq!(row.get(4), None);
        assert_eq!(row.to_vec(), ["SID", "", " Nom « é » ", ""]);
        assert_eq!(row.filled_len(), 3);
        assert!(!row.is_blank());
        assert!(TableRow::new(1, [" ", ""]).is_blank());
        assert!(TableRow::new(1, Vec::<String>::new()).is_empty());
    }
}
