//! Reads an import file into a [`Table`] of cleaned text cells: finds the text encoding (UTF-8 with or
//! without a byte order mark, UTF-16 with one, else Windows-1252), the delimiter (`,`, `;` or tab, or
//! the one Excel's `sep=` line names), splits quoted fields (embedded delimiters, quotes and
//! newlines), numbers every row as a spreadsheet shows it, and undoes the spreadsheet tricks that
//! keep numbers as text (`'0401234567`, `="0401234567"`).
//!
//! Not here: what a column means ([`super::mapping`]) or whether a value is valid ([`super::rows`]).
//! Nothing is read from or written to disk: the caller hands over the bytes.

use std::borrow::Cow;

use thiserror::Error;

/// Why a file could not be read as a table at all. Row-level problems are [`super::RowError`]s.
///
/// The messages never quote the file's contents: they may be shown and logged as they are.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    /// No bytes, or nothing but whitespace, empty lines and delimiters.
    #[error("the file is empty")]
    Empty,
    /// A header row and nothing under it.
    #[error("the file has a header row but no customer rows")]
    HeaderOnly,
    /// An Excel or LibreOffice workbook (`.xlsx`, `.xls`, `.ods`) was picked instead of a CSV file.
    #[error("the file is a spreadsheet workbook, not CSV: save it as CSV first")]
    Workbook,
    /// Binary data, or UTF-16 text without the byte order mark that says so.
    #[error("the file is not a text file")]
    NotText,
    /// The CSV reader gave up; `row_number` is the spreadsheet row it was reading.
    #[error("the file cannot be read as CSV at row {row_number}")]
    Malformed { row_number: usize },
}

/// The text encoding a file was decoded from, for the import dialog to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark: what web shops and mailing tools export.
    Utf8,
    /// UTF-16 little-endian with a byte order mark: Excel's "Unicode text".
    Utf16Le,
    /// UTF-16 big-endian with a byte order mark.
    Utf16Be,
    /// Windows-1252, the Latin-1 superset of a Finnish Excel's "CSV (Windows)".
    Windows1252,
}

/// One data row of a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// 1-based, as a spreadsheet numbers the row: the header is row 1, the first data row row 2; an
    /// empty line counts as a row, a quoted cell spanning several lines does not add rows.
    pub row_number: usize,
    /// Cleaned cells, in column order; shorter or longer than the header when the file is ragged.
    pub cells: Vec<String>,
}

/// An import file as a grid of cleaned text cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub delimiter: u8,
    pub encoding: Encoding,
    /// The first non-empty row, cleaned like any cell.
    pub headers: Vec<String>,
    /// Every non-empty row after the header.
    pub rows: Vec<TableRow>,
}

/// The delimiters recognised, in the order they win a tie (Finnish Excel's `;` first).
const DELIMITERS: [u8; 3] = [b';', b',', b'\t'];
/// How many records the delimiter detection looks at.
const DELIMITER_SAMPLE_RECORDS: usize = 50;
/// What a `.xlsx`/`.ods` (zip) and an old `.xls` (OLE2) file start with.
const WORKBOOK_MAGIC: [&[u8]; 2] = [b"PK\x03\x04", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"];

/// Decodes, splits and cleans an import file.
///
/// The encoding and the delimiter are detected (see the module documentation); a short or long row
/// is kept as it is for [`super::parse_rows`] to report. Empty rows are skipped but still counted in
/// the row numbers, so that a row number points at the same row in the user's spreadsheet.
pub fn read_table(bytes: &[u8]) -> Result<Table, ImportError> {
    let (delimiter, encoding, mut rows) = read_rows(bytes)?;
    if rows.is_empty() {
        return Err(ImportError::Empty);
    }
    let headers = rows.remove(0).cells;
    if rows.is_empty() {
        return Err(ImportError::HeaderOnly);
    }
    Ok(Table { delimiter, encoding, headers, rows })
}

/// Every non-empty row of a file, the first one included, with the delimiter and the encoding:
/// [`read_table`] without deciding that the first row is a header (a bare list of e-mail
/// addresses has none).
pub fn read_rows(bytes: &[u8]) -> Result<(u8, Encoding, Vec<TableRow>), ImportError> {
    let (text, encoding) = decode(bytes)?;
    let (declared, body) = split_sep_line(&text);
    let delimiter = declared.unwrap_or_else(|| detect_delimiter(body));

    let mut reader = csv_reader(delimiter, body);
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    let mut row_number = 0;
    loop {
        let start = byte_offset(reader.position());
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => return Err(ImportError::Malformed { row_number: row_number + 1 }),
        }
        let end = byte_offset(reader.position());
        row_number += spreadsheet_rows(body.as_bytes(), start, end, &record);

        let cells: Vec<String> = record.iter().map(|cell| clean_cell(cell).into_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        rows.push(TableRow { row_number, cells });
    }
    Ok((delimiter, encoding, rows))
}

/// Cleans one cell as a person would read it: trimmed, with the marks spreadsheets add to keep a
/// number as text removed: a leading apostrophe (`'0401234567`) and Excel's formula trick
/// (`="0401234567"`). Only one apostrophe goes, so `''x` (an exported `'x`) comes back as `'x`.
pub fn clean_cell(raw: &str) -> Cow<'_, str> {
    let cell = raw.trim();
    if let Some(inner) = cell.strip_prefix("=\"").and_then(|rest| rest.strip_suffix('"')) {
        return Cow::Owned(inner.replace("\"\"", "\"").trim().to_owned());
    }
    if let Some(rest) = cell.strip_prefix('\'') {
        return Cow::Borrowed(rest.trim());
    }
    Cow::Borrowed(cell)
}

/// The text of `bytes` and the encoding it was in.
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), ImportError> {
    if let Some((found, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let encoding = if found == encoding_rs::UTF_16LE {
            Encoding::Utf16Le
        } else if found == encoding_rs::UTF_16BE {
            Encoding::Utf16Be
        } else {
            Encoding::Utf8
        };
        // A byte order mark is a promise; a broken byte after one becomes U+FFFD rather than a
        // guess at another encoding.
        let (text, _malformed) = found.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok((text, encoding));
    }
    if WORKBOOK_MAGIC.iter().any(|magic| bytes.starts_with(magic)) {
        return Err(ImportError::Workbook);
    }
    if bytes.contains(&0) {
        return Err(ImportError::NotText);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), Encoding::Utf8)),
        Err(_) => {
            // Every byte has a meaning in Windows-1252, so this never fails.
            let (text, _malformed) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((text, Encoding::Windows1252))
        }
    }
}

/// Excel writes and honours a first line `sep=;` naming the delimiter; it is not a row of the sheet.
fn split_sep_line(text: &str) -> (Option<u8>, &str) {
    let (first, rest) = match text.find('\n') {
        Some(end) => (&text[..end], &text[end + 1..]),
        None => (text, ""),
    };
    let line = first.trim_end_matches('\r');
    match line.strip_prefix("sep=").or_else(|| line.strip_prefix("SEP=")).map(str::as_bytes) {
        Some([delimiter]) if delimiter.is_ascii() => (Some(*delimiter), rest),
        _ => (None, text),
    }
}

/// The delimiter that splits the first records into the most rows with the header's column count.
///
/// A header of one column scores nothing: every delimiter "splits" a one-column file alike. Ties
/// go to the earlier of [`DELIMITERS`].
fn detect_delimiter(text: &str) -> u8 {
    let mut best = (DELIMITERS[0], (0, 0));
    for delimiter in DELIMITERS {
        let score = delimiter_score(text, delimiter);
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

/// (records with the header's column count, the header's column count) for one delimiter.
fn delimiter_score(text: &str, delimiter: u8) -> (usize, usize) {
    let counts: Vec<usize> = csv_reader(delimiter, text)
        .into_records()
        .take(DELIMITER_SAMPLE_RECORDS)
        .map_while(Result::ok)
        .filter(|record| record.iter().any(|cell| !cell.trim().is_empty()))
        .map(|record| record.len())
        .collect();
    match counts.first() {
        Some(&columns) if columns > 1 => (counts.iter().filter(|&&count| count == columns).count(), columns),
        _ => (0, 0),
    }
}

fn csv_reader(delimiter: u8, text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes())
}

fn byte_offset(position: &csv::Position) -> usize {
    // The reader reads from a `&str` held in memory, so every offset fits in `usize`.
    usize::try_from(position.byte()).unwrap_or(usize::MAX)
}

/// How many spreadsheet rows the bytes `text[start..end]` that the reader consumed for `record`
/// take: the empty lines skipped before it, plus the record itself.
///
/// The reader skips empty lines silently; a spreadsheet shows each as a row. So the rows are the line
/// breaks in the consumed bytes, less those inside the record's quoted cells, plus one when the record
/// ends the file without a line break of its own.
fn spreadsheet_rows(text: &[u8], start: usize, end: usize, record: &csv::StringRecord) -> usize {
    let end = end.min(text.len());
    let breaks = (start..end).filter(|&at| starts_line_break(text, at)).count();
    let inside: usize = record.iter().map(|cell| line_breaks(cell.as_bytes())).sum();
    let terminated = end > start && matches!(text[end - 1], b'\r' | b'\n');
    breaks.saturating_sub(inside) + usize::from(!terminated)
}

/// Whether a line break starts at `text[at]`: "\r\n" counts once, a lone "\r" or "\n" once.
fn starts_line_break(text: &[u8], at: usize) -> bool {
    match text[at] {
        b'\r' => true,
        b'\n' => at == 0 || text[at - 1] != b'\r',
        _ => false,
    }
}

fn line_breaks(text: &[u8]) -> usize {
    (0..text.len()).filter(|&at| starts_line_break(text, at)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `bytes` to a real file and reads it back, as the import dialog does.
    fn read_file(bytes: &[u8]) -> Result<Table, ImportError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("asiakkaat.csv");
        std::fs::write(&path, bytes).unwrap();
        read_table(&std::fs::read(&path).unwrap())
    }

    fn cells(table: &Table) -> Vec<Vec<&str>> {
        table.rows.iter().map(|row| row.cells.iter().map(String::as_str).collect()).collect()
    }

    fn row_numbers(table: &Table) -> Vec<usize> {
        table.rows.iter().map(|row| row.row_number).collect()
    }

    #[test]
    fn utf8_bom_is_stripped_from_the_first_header() {
        let table = read_file(b"\xEF\xBB\xBFEtunimi;Sukunimi\nPekka;M\xC3\xA4kel\xC3\xA4\n").unwrap();
        assert_eq!(table.encoding, Encoding::Utf8);
        assert_eq!(table.headers, ["Etunimi", "Sukunimi"]);
        assert_eq!(cells(&table), [["Pekka", "Mäkelä"]]);
    }

    #[test]
    fn leading_apostrophe_that_keeps_a_number_as_text_is_removed() {
        let table = read_file(b"Name,Phone\nAsa,'0401234567\nBo,''quoted\n").unwrap();
        assert_eq!(cells(&table), [["Asa", "0401234567"], ["Bo", "'quoted"]]);
    }

    #[test]
    fn excel_text_number_formula_is_unwrapped() {
        let table = read_file(b"Name;Phone;Zip\nAsa;=\"0401234567\";\"=\"\"00100\"\"\"\n").unwrap();
        assert_eq!(cells(&table), [["Asa", "0401234567", "00100"]]);
    }

    #[test]
    fn quoted_multi_line_address_stays_in_one_cell_and_one_row() {
        let file =
            "Name,Address,City\n\"Virtanen, Liisa\",\"Kauppakatu 1 B 12\nc/o \"\"Mäkelä\"\"\",Espoo\nBo,Tie 2,Oulu\n";
        let table = read_file(file.as_bytes()).unwrap();
        assert_eq!(table.delimiter, b',');
        assert_eq!(
            cells(&table),
            [vec!["Virtanen, Liisa", "Kauppakatu 1 B 12\nc/o \"Mäkelä\"", "Espoo"], vec!["Bo", "Tie 2", "Oulu"]]
        );
        assert_eq!(row_numbers(&table), [2, 3]);
    }

    #[test]
    fn semicolon_file_with_decimal_commas_is_split_on_semicolons() {
        let table =
            read_file("Etunimi;Sukunimi;Ostot yhteensä\nÅsa;Öhman;1 234,50\nPekka;Mäkelä;12,00\n".as_bytes()).unwrap();
        assert_eq!(table.delimiter, b';');
        assert_eq!(table.headers, ["Etunimi", "Sukunimi", "Ostot yhteensä"]);
        assert_eq!(cells(&table)[0], ["Åsa", "Öhman", "1 234,50"]);
    }

    #[test]
    fn tab_separated_file_is_split_on_tabs() {
        let table = read_file(b"Email\tFirst Name\tLast Name\na@example.fi\tAsa\tOhman\n").unwrap();
        assert_eq!(table.delimiter, b'\t');
        assert_eq!(cells(&table), [["a@example.fi", "Asa", "Ohman"]]);
    }

    #[test]
    fn windows_1252_file_decodes_finnish_and_swedish_letters() {
        // "Åsa;Öhman;Mäkelä" as a Finnish Excel's "CSV (Windows)" writes it.
        let table =
            read_file(b"Etunimi;Sukunimi;Kaupunki\r\n\xC5sa;\xD6hman;M\xE4ntt\xE4\r\nP\xE4ivi;K\xF6n\xF6nen;Ii\r\n")
                .unwrap();
        assert_eq!(table.encoding, Encoding::Windows1252);
        assert_eq!(cells(&table), [["Åsa", "Öhman", "Mänttä"], ["Päivi", "Könönen", "Ii"]]);
    }

    #[test]
    fn utf16_unicode_text_from_excel_is_decoded() {
        let text = "Etunimi\tSukunimi\r\nÅsa\tÖhman\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let table = read_file(&bytes).unwrap();
        assert_eq!(table.encoding, Encoding::Utf16Le);
        assert_eq!(table.delimiter, b'\t');
        assert_eq!(cells(&table), [["Åsa", "Öhman"]]);
    }

    #[test]
    fn excel_sep_line_names_the_delimiter_and_is_not_a_row() {
        let table = read_file(b"sep=,\r\nName;Note,City\r\nAsa;x,Oulu\r\n").unwrap();
        assert_eq!(table.delimiter, b',');
        assert_eq!(table.headers, ["Name;Note", "City"]);
        assert_eq!(row_numbers(&table), [2]);
    }

    #[test]
    fn row_numbers_count_empty_lines_but_not_lines_inside_quoted_cells() {
        for newline in ["\n", "\r\n"] {
            let file = ["Name;Address", "Asa;\"Tie 1", "B 2\"", "", ";", "Bo;Tie 3", "", ""].join(newline);
            let table = read_file(file.as_bytes()).unwrap();
            assert_eq!(row_numbers(&table), [2, 5], "{newline:?}");
            let unterminated = ["Name;Address", "Asa;Tie 1", "", "Bo;Tie 3"].join(newline);
            assert_eq!(row_numbers(&read_file(unterminated.as_bytes()).unwrap()), [2, 4], "{newline:?}");
        }
    }

    #[test]
    fn short_and_long_rows_are_kept_for_the_row_check() {
        let table = read_file(b"a;b;c\n1;2\n1;2;3;4\n").unwrap();
        assert_eq!(cells(&table), [vec!["1", "2"], vec!["1", "2", "3", "4"]]);
    }

    #[test]
    fn empty_file_is_an_error() {
        for bytes in [&b""[..], b"\xEF\xBB\xBF", b"  \r\n\r\n", b";;;\n;;\n"] {
            assert_eq!(read_file(bytes), Err(ImportError::Empty), "{bytes:?}");
        }
    }

    #[test]
    fn header_only_file_is_an_error() {
        assert_eq!(read_file(b"Etunimi;Sukunimi;S\xC3\xA4hk\xC3\xB6posti\r\n"), Err(ImportError::HeaderOnly));
        assert_eq!(read_file(b"Email\n\n;\n"), Err(ImportError::HeaderOnly));
    }

    #[test]
    fn workbook_and_binary_files_are_refused() {
        assert_eq!(read_file(b"PK\x03\x04\x14\x00\x06\x00"), Err(ImportError::Workbook));
        assert_eq!(read_file(b"N\x00a\x00m\x00e\x00"), Err(ImportError::NotText));
    }

    #[test]
    fn clean_cell_trims_and_unwraps() {
        assert_eq!(clean_cell("  Pekka \u{a0}"), "Pekka");
        assert_eq!(clean_cell("'+358401234567"), "+358401234567");
        assert_eq!(clean_cell("=\"00100\""), "00100");
        assert_eq!(clean_cell("O'Brien"), "O'Brien");
        assert_eq!(clean_cell("=SUM(1)"), "=SUM(1)");
    }
}
