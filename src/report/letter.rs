//! PDF letters in the Finnish business-letter layout (SFS 2487) on A4: the access replies
//! (GDPR Art. 15) and the privacy notice that Rekisteri prints.
//!
//! The caller describes a letter as a [`LetterHead`] (sender, document name, date, reference,
//! window-envelope address) and a list of [`Block`]s (headings, paragraphs, bullets, key–value
//! lists, tables, a signature block, vertical space). [`render_letter`] turns them into the bytes
//! of a PDF; [`page_count`] runs the same layout without writing a PDF.
//!
//! # How it works
//!
//! Layout happens in two passes. The first pass measures every string with the glyph advances of
//! the embedded DejaVu Sans fonts, wraps it to its column and flows the body over as many pages as
//! needed, producing a layout model (positioned text lines, rules and images, in millimetres from
//! the top-left corner of the page). The second pass adds the header of every page, now that the
//! total is known ("1 (3)"), and the drawing step turns the model into printpdf operations.
//!
//! # Page geometry (millimetres, from the top-left corner of an A4 page)
//!
//! * margins: left 20, right 20 (text width 170), top 12, bottom 20;
//! * header on every page: sender block at 20 (first line bold), document name (bold) at 112,
//!   "page (pages)" at 170, the date under the document name at 112 and the reference at 150 on
//!   the same line (or under the date when it does not fit there);
//! * first page: the recipient's address in the window-envelope field at 20 mm from the left and
//!   45 mm from the top (90 × 45 mm); the body starts at 95 mm (lower if the header or the address
//!   runs longer). Without an address the body starts where it does on the following pages;
//! * following pages: the body starts at 40 mm (lower if the header runs longer).
//!
//! # Text
//!
//! Body text is 10 pt DejaVu Sans with a line height of 1.3; headings are 12 pt bold. Lines break
//! at spaces (not at no-break spaces); a word wider than its column is broken between characters,
//! so no text ever crosses its column or the margins. A `'\n'` in a string is a hard line break,
//! a tab is a space, other control characters are dropped, and a character the font has no glyph
//! for is printed as U+FFFD "�" (so a missing glyph is visible instead of crashing anything).
//!
//! # Fonts
//!
//! DejaVu Sans and DejaVu Sans Bold are compiled in (`assets/fonts/` at the crate root; their
//! licence is `assets/fonts/LICENSE-DejaVu.txt`). They are parsed once per process and kept in a
//! [`OnceLock`]; the PDF embeds only the glyphs a letter uses (font subsetting).

use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, PdfWarnMsg, Point, Pt, RawImage, TextItem, TextMatrix, XObjectId,
    XObjectTransform,
};

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/// What goes at the top of every page, and the address on the first one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LetterHead {
    /// The sender (the controller): the first line is printed bold, the rest are address lines.
    pub sender_lines: Vec<String>,
    /// The document name, e.g. "TARKASTUSPYYNTÖÖN VASTAAMINEN" / "REPLY TO ACCESS REQUEST".
    pub document_name: String,
    /// The date, already formatted (e.g. "25.11.2026").
    pub date: String,
    /// The reference, already labelled (e.g. "Viite 2026-0007").
    pub reference: String,
    /// The recipient's address for the window envelope; empty = no address field.
    pub recipient_lines: Vec<String>,
}

/// One piece of the letter's body, laid out top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A 12 pt bold heading with space above; kept on the same page as what follows it.
    Heading(String),
    /// A paragraph of 10 pt text, wrapped at the text width.
    Paragraph(String),
    /// A bulleted list with hanging indent.
    Bullets(Vec<String>),
    /// Label–value rows: the label (bold) in a 55 mm column, the value wrapped in the rest.
    KeyValues(Vec<(String, String)>),
    /// A table: column titles with relative widths (scaled to fill the text width) and rows of
    /// cells. A row never splits across pages unless it is taller than a whole page; the header
    /// row repeats on every page the table continues on. Cells beyond the number of columns are
    /// ignored; missing cells are empty.
    Table {
        /// (title, relative width)
        columns: Vec<(String, f32)>,
        /// The rows, one string per cell.
        rows: Vec<Vec<String>>,
    },
    /// The signature block, kept together on one page: place and date, an optional scanned
    /// signature (PNG, scaled to 40 mm wide), a line to sign on, the name and the title.
    Signature {
        /// E.g. "Helsingissä 25.11.2026".
        place_and_date: String,
        /// The signer's name, printed under the line.
        name: String,
        /// The signer's title, printed under the name.
        title: String,
        /// A scanned signature as PNG bytes.
        image_png: Option<Vec<u8>>,
    },
    /// Vertical space in millimetres (a space that does not fit on the page ends the page).
    Space(f32),
}

/// Why a letter could not be made.
#[derive(Debug, thiserror::Error)]
pub enum LetterError {
    /// An embedded font could not be parsed.
    #[error("font could not be loaded: {0}")]
    Font(String),
    /// The signature image is not a usable PNG.
    #[error("signature image could not be used: {0}")]
    Image(String),
    /// The PDF could not be written.
    #[error("PDF could not be written: {0}")]
    Pdf(String),
}

/// Lays out and renders the letter as the bytes of a PDF file.
///
/// # Errors
///
/// [`LetterError::Image`] for a signature image that is not a decodable PNG,
/// [`LetterError::Font`] if the embedded fonts cannot be parsed and [`LetterError::Pdf`] if
/// printpdf reports an error while writing.
pub fn render_letter(head: &LetterHead, blocks: &[Block]) -> Result<Vec<u8>, LetterError> {
    let fonts = fonts()?;
    let layout = layout(fonts, head, blocks)?;
    draw(fonts, head, &layout)
}

/// The number of pages [`render_letter`] would produce, from the same layout, without a PDF.
///
/// # Errors
///
/// As [`render_letter`], except that no PDF is written (so never [`LetterError::Pdf`]).
pub fn page_count(head: &LetterHead, blocks: &[Block]) -> Result<usize, LetterError> {
    Ok(layout(fonts()?, head, blocks)?.pages.len())
}

// ---------------------------------------------------------------------------------------------
// Geometry and typography (millimetres, measured from the top-left corner of the page)
// ---------------------------------------------------------------------------------------------

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const MARGIN_LEFT: f32 = 20.0;
const MARGIN_RIGHT_X: f32 = PAGE_W - 20.0;
const TEXT_W: f32 = MARGIN_RIGHT_X - MARGIN_LEFT;
const MARGIN_TOP: f32 = 12.0;
const BODY_BOTTOM: f32 = PAGE_H - 20.0;

/// SFS 2487 tab stops used by the header.
const TAB_DOC_NAME: f32 = 112.0;
const TAB_REFERENCE: f32 = 150.0;
const TAB_PAGE: f32 = 170.0;

/// The window-envelope address field.
const ADDRESS_TOP: f32 = 45.0;
const ADDRESS_W: f32 = 90.0;
/// Where the body starts on the first page when there is an address, and on the other pages.
const BODY_TOP_FIRST: f32 = 95.0;
const BODY_TOP_NEXT: f32 = 40.0;

const BODY_PT: f32 = 10.0;
const HEADING_PT: f32 = 12.0;
const LINE_HEIGHT: f32 = 1.3;

const PARAGRAPH_GAP: f32 = 2.5;
const HEADING_GAP: f32 = 5.0;
const AFTER_HEADING_GAP: f32 = 1.0;
const BULLET_INDENT: f32 = 6.0;
const BULLET_ITEM_GAP: f32 = 1.0;
const KEY_COLUMN: f32 = 55.0;
/// A key–value list up to this tall (a contact or address block) is never split between pages.
const KEEP_TOGETHER_H: f32 = 40.0;
const CELL_PAD_X: f32 = 1.5;
const CELL_PAD_Y: f32 = 1.2;
const SIGNATURE_GAP: f32 = 8.0;
const SIGNATURE_IMAGE_W: f32 = 40.0;
const SIGNATURE_IMAGE_MAX_H: f32 = 25.0;
const SIGNATURE_BLANK_H: f32 = 15.0;
const SIGNATURE_LINE_W: f32 = 70.0;

/// Slack for floating-point comparisons of lengths.
const EPS: f32 = 1e-3;

const PT_PER_MM: f32 = 72.0 / 25.4;

/// Millimetres per point.
fn pt_to_mm(pt: f32) -> f32 {
    pt / PT_PER_MM
}

/// The line height for text of `size` points, in millimetres.
fn line_height(size: f32) -> f32 {
    pt_to_mm(size * LINE_HEIGHT)
}

// ---------------------------------------------------------------------------------------------
// Fonts and measuring
// ---------------------------------------------------------------------------------------------

const REGULAR_TTF: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/DejaVuSans.ttf"));
const BOLD_TTF: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/DejaVuSans-Bold.ttf"));

/// The replacement for characters the font has no glyph for.
const REPLACEMENT: char = '\u{FFFD}';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
}

/// One parsed face with what measuring needs.
struct FontFace {
    parsed: ParsedFont,
    units_per_em: f32,
    /// Ascender and descender (positive) as fractions of the em.
    ascent: f32,
    descent: f32,
    /// What replaces a missing glyph: U+FFFD if the face has it, else '?'.
    fallback: char,
}

impl FontFace {
    fn parse(bytes: &[u8], name: &str) -> Result<Self, String> {
        let mut warnings = Vec::new();
        let parsed =
            ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| format!("{name} could not be parsed"))?;
        let metrics = parsed.pdf_font_metrics;
        if metrics.units_per_em == 0 {
            return Err(format!("{name} has no units per em"));
        }
        let units_per_em = f32::from(metrics.units_per_em);
        let fallback = if parsed.lookup_glyph_index(u32::from(REPLACEMENT)).is_some() { REPLACEMENT } else { '?' };
        Ok(Self {
            units_per_em,
            ascent: f32::from(metrics.ascender) / units_per_em,
            descent: f32::from(metrics.descender).abs() / units_per_em,
            fallback,
            parsed,
        })
    }

    fn has_glyph(&self, c: char) -> bool {
        self.parsed.lookup_glyph_index(u32::from(c)).is_some()
    }

    /// The advance of `c` in thousandths of an em, truncated the way printpdf writes the
    /// PDF's `/W` widths, so that our measure is the viewer's.
    fn advance_milli_em(&self, c: char) -> f32 {
        let gid = self.parsed.lookup_glyph_index(u32::from(c)).unwrap_or(0);
        let advance = f32::from(self.parsed.get_horizontal_advance(gid));
        (advance * 1000.0 / self.units_per_em).trunc()
    }

    /// The width of `text` at `size` points, in millimetres (no kerning: printpdf applies none).
    fn width(&self, text: &str, size: f32) -> f32 {
        let milli: f32 = text.chars().map(|c| self.advance_milli_em(c)).sum();
        pt_to_mm(milli / 1000.0 * size)
    }

    /// From the top of a line box of `size` points to the baseline, in millimetres: half the
    /// leading above the ascender.
    fn baseline_offset(&self, size: f32) -> f32 {
        let half_leading = (LINE_HEIGHT - (self.ascent + self.descent)) / 2.0;
        pt_to_mm((half_leading + self.ascent) * size)
    }

    /// Makes `text` printable with this face: tabs become spaces, other control characters
    /// (except `'\n'`) and invisible soft hyphens / zero-width spaces go, missing glyphs become
    /// the fallback.
    fn clean(&self, text: &str) -> String {
        text.chars()
            .filter_map(|c| match c {
                '\n' => Some('\n'),
                '\t' => Some(' '),
                '\u{AD}' | '\u{200B}' | '\u{FEFF}' => None,
                c if c.is_control() => None,
                c if self.has_glyph(c) => Some(c),
                _ => Some(self.fallback),
            })
            .collect()
    }

    /// Wraps `text` at `width` millimetres: greedy by words, a word wider than a whole line is
    /// broken between characters, `'\n'` forces a break (an empty line stays an empty line).
    /// Always at least one line; every line is cleaned and no wider than `width` (unless a single
    /// character is wider than `width`, which only happens in absurdly narrow columns).
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let text = self.clean(text);
        let space = self.width(" ", size);
        let mut lines = Vec::new();
        for hard in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0;
            for word in hard.split(is_break_space).filter(|w| !w.is_empty()) {
                let word_w = self.width(word, size);
                if line.is_empty() && word_w <= width + EPS {
                    line.push_str(word);
                    line_w = word_w;
                    continue;
                }
                if !line.is_empty() && line_w + space + word_w <= width + EPS {
                    line.push(' ');
                    line.push_str(word);
                    line_w += space + word_w;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                if word_w <= width + EPS {
                    line.push_str(word);
                    line_w = word_w;
                    continue;
                }
                // Overlong word: break between characters.
                for c in word.chars() {
                    let c_w = self.width(c.encode_utf8(&mut [0; 4]), size);
                    if !line.is_empty() && line_w + c_w > width + EPS {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += c_w;
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// Spaces a line may break at: all Unicode white space except the no-break ones.
fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

/// The two faces of a letter.
struct Fonts {
    regular: FontFace,
    bold: FontFace,
}

impl Fonts {
    fn face(&self, face: Face) -> &FontFace {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }
}

/// The embedded fonts, parsed on first use and kept for the life of the process.
fn fonts() -> Result<&'static Fonts, LetterError> {
    static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Ok(Fonts {
                regular: FontFace::parse(REGULAR_TTF, "DejaVu Sans")?,
                bold: FontFace::parse(BOLD_TTF, "DejaVu Sans Bold")?,
            })
        })
        .as_ref()
        .map_err(|e| LetterError::Font(e.clone()))
}

// ---------------------------------------------------------------------------------------------
// Layout model
// ---------------------------------------------------------------------------------------------

/// Which part of the page an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    Header,
    Address,
    Body,
}

/// What an item draws.
#[derive(Debug, Clone, PartialEq)]
enum Mark {
    /// One line of text; `baseline` is measured from the top of the page.
    Text { text: String, face: Face, size: f32, baseline: f32 },
    /// A horizontal line along the item's top edge, from `x` to `x + w`.
    Rule { thickness_pt: f32, grey: f32 },
    /// An image from [`Layout::images`], filling the item's box.
    Image { index: usize },
}

/// One positioned thing on a page: its box in millimetres from the top-left corner.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    region: Region,
    mark: Mark,
}

#[derive(Debug, Default)]
struct PageLayout {
    items: Vec<Item>,
    /// Where this page's body area starts (it ends at [`BODY_BOTTOM`]).
    body_top: f32,
}

/// A laid-out letter: its pages and the images they use.
#[derive(Debug)]
struct Layout {
    pages: Vec<PageLayout>,
    images: Vec<RawImage>,
}

/// A text line item with its box (`y` is the top of the line box).
fn text_item(fonts: &Fonts, region: Region, x: f32, y: f32, text: String, face: Face, size: f32) -> Item {
    let font = fonts.face(face);
    Item {
        x,
        y,
        w: font.width(&text, size),
        h: line_height(size),
        region,
        mark: Mark::Text { baseline: y + font.baseline_offset(size), text, face, size },
    }
}

fn rule_item(x: f32, y: f32, w: f32, thickness_pt: f32, grey: f32) -> Item {
    Item { x, y, w, h: 0.0, region: Region::Body, mark: Mark::Rule { thickness_pt, grey } }
}

// ---------------------------------------------------------------------------------------------
// Pass 1: header measure, address and body flow
// ---------------------------------------------------------------------------------------------

/// Lays the whole letter out: body first (pass 1), then the headers with the page total (pass 2).
fn layout(fonts: &Fonts, head: &LetterHead, blocks: &[Block]) -> Result<Layout, LetterError> {
    // The header's height does not depend on the page numbers (the page label has a fixed
    // column), so a header for "1 (1)" measures them all.
    let header_bottom = header_items(fonts, head, 1, 1).iter().map(|i| i.y + i.h).fold(MARGIN_TOP, f32::max);

    let mut first_items = Vec::new();
    let first_top = if head.recipient_lines.is_empty() {
        BODY_TOP_NEXT.max(header_bottom + 6.0)
    } else {
        let mut y = ADDRESS_TOP.max(header_bottom + 4.0);
        for line in &head.recipient_lines {
            for l in fonts.regular.wrap(line, BODY_PT, ADDRESS_W) {
                first_items.push(text_item(fonts, Region::Address, MARGIN_LEFT, y, l, Face::Regular, BODY_PT));
                y += line_height(BODY_PT);
            }
        }
        BODY_TOP_FIRST.max(y + 8.0)
    };
    let next_top = BODY_TOP_NEXT.max(header_bottom + 6.0);

    let mut flow = Flow::new(fonts, first_top, next_top);
    flow.pages[0].items = first_items;
    for (i, block) in blocks.iter().enumerate() {
        flow.block(block, blocks.get(i + 1))?;
    }
    let mut layout = Layout { pages: flow.pages, images: flow.images };

    // Pass 2: the header of every page, now that the total is known.
    let total = layout.pages.len();
    for (i, page) in layout.pages.iter_mut().enumerate() {
        page.items.extend(header_items(fonts, head, i + 1, total));
    }
    Ok(layout)
}

/// The header of page `page` of `total`: sender block, document name, page label, date and
/// reference.
fn header_items(fonts: &Fonts, head: &LetterHead, page: usize, total: usize) -> Vec<Item> {
    let lh = line_height(BODY_PT);
    let mut items = Vec::new();

    // Left: the sender, first line bold.
    let mut y = MARGIN_TOP;
    for (i, line) in head.sender_lines.iter().enumerate() {
        let face = if i == 0 { Face::Bold } else { Face::Regular };
        for l in fonts.face(face).wrap(line, BODY_PT, TAB_DOC_NAME - MARGIN_LEFT - 4.0) {
            items.push(text_item(fonts, Region::Header, MARGIN_LEFT, y, l, face, BODY_PT));
            y += lh;
        }
    }

    // Right, first line: the page label at 170 mm (right-aligned if ever too wide for it).
    let label = format!("{page} ({total})");
    let label_w = fonts.regular.width(&label, BODY_PT);
    let label_x = if TAB_PAGE + label_w <= MARGIN_RIGHT_X { TAB_PAGE } else { MARGIN_RIGHT_X - label_w };
    items.push(text_item(fonts, Region::Header, label_x, MARGIN_TOP, label, Face::Regular, BODY_PT));

    // The document name at 112 mm, wrapped before the page label's column.
    let mut y = MARGIN_TOP;
    if !head.document_name.trim().is_empty() {
        for l in fonts.bold.wrap(&head.document_name, BODY_PT, TAB_PAGE - TAB_DOC_NAME - 3.0) {
            items.push(text_item(fonts, Region::Header, TAB_DOC_NAME, y, l, Face::Bold, BODY_PT));
            y += lh;
        }
    } else {
        y += lh;
    }

    // Next line: the date at 112 mm and the reference at 150 mm, or under the date when either
    // does not fit its column.
    let date = fonts.regular.wrap(&head.date, BODY_PT, MARGIN_RIGHT_X - TAB_DOC_NAME);
    let reference = fonts.regular.wrap(&head.reference, BODY_PT, MARGIN_RIGHT_X - TAB_REFERENCE);
    let has_date = !head.date.trim().is_empty();
    let has_reference = !head.reference.trim().is_empty();
    let date_fits = date.len() == 1 && fonts.regular.width(&date[0], BODY_PT) <= TAB_REFERENCE - TAB_DOC_NAME - 3.0;
    let side_by_side = has_date && has_reference && date_fits && reference.len() == 1;
    if has_date {
        for l in date {
            items.push(text_item(fonts, Region::Header, TAB_DOC_NAME, y, l, Face::Regular, BODY_PT));
            y += lh;
        }
    }
    if has_reference {
        if side_by_side {
            let l = reference.into_iter().next().unwrap_or_default();
            items.push(text_item(fonts, Region::Header, TAB_REFERENCE, y - lh, l, Face::Regular, BODY_PT));
        } else {
            for l in fonts.regular.wrap(&head.reference, BODY_PT, MARGIN_RIGHT_X - TAB_DOC_NAME) {
                items.push(text_item(fonts, Region::Header, TAB_DOC_NAME, y, l, Face::Regular, BODY_PT));
                y += lh;
            }
        }
    }
    items
}

/// One column of a row: where it starts and its wrapped lines.
struct Cell {
    x: f32,
    face: Face,
    lines: Vec<String>,
}

/// A row of cells laid side by side (a table row, a key–value pair), all at [`BODY_PT`].
struct Row {
    cells: Vec<Cell>,
    /// Padding above and below the lines.
    pad: f32,
}

impl Row {
    fn line_count(&self) -> usize {
        self.cells.iter().map(|c| c.lines.len()).max().unwrap_or(0).max(1)
    }

    fn height(&self) -> f32 {
        2.0 * self.pad + self.line_count() as f32 * line_height(BODY_PT)
    }
}

/// The x positions of a table's column edges, from the left margin to the right one: the
/// relative widths scaled to the text width (a weight that is not a positive number counts as
/// the average of the others).
fn column_edges(columns: &[(String, f32)]) -> Vec<f32> {
    let valid = |w: f32| w.is_finite() && w > 0.0;
    let positive: Vec<f32> = columns.iter().map(|c| c.1).filter(|w| valid(*w)).collect();
    let fill = if positive.is_empty() { 1.0 } else { positive.iter().sum::<f32>() / positive.len() as f32 };
    let weights: Vec<f32> = columns.iter().map(|c| if valid(c.1) { c.1 } else { fill }).collect();
    let sum: f32 = weights.iter().sum();
    let mut edges = Vec::with_capacity(columns.len() + 1);
    let mut x = MARGIN_LEFT;
    edges.push(x);
    for w in &weights {
        x += TEXT_W * w / sum;
        edges.push(x);
    }
    // The last edge is exactly the right margin, whatever the rounding.
    if let Some(last) = edges.last_mut() {
        *last = MARGIN_RIGHT_X;
    }
    edges
}

/// A table row: one cell per column (between `edges`), each wrapped inside its column.
fn table_row(fonts: &Fonts, edges: &[f32], cells: &mut dyn Iterator<Item = &str>, face: Face) -> Row {
    Row {
        cells: edges
            .windows(2)
            .map(|edge| {
                let text = cells.next().unwrap_or("");
                let width = edge[1] - edge[0] - 2.0 * CELL_PAD_X;
                Cell { x: edge[0] + CELL_PAD_X, face, lines: fonts.face(face).wrap(text, BODY_PT, width) }
            })
            .collect(),
        pad: CELL_PAD_Y,
    }
}

/// A key–value row: the label (bold) in its column, the value wrapped in the rest.
fn key_value_row(fonts: &Fonts, key: &str, value: &str) -> Row {
    let value_x = MARGIN_LEFT + KEY_COLUMN;
    Row {
        cells: vec![
            Cell { x: MARGIN_LEFT, face: Face::Bold, lines: fonts.bold.wrap(key, BODY_PT, KEY_COLUMN - 3.0) },
            Cell {
                x: value_x,
                face: Face::Regular,
                lines: fonts.regular.wrap(value, BODY_PT, MARGIN_RIGHT_X - value_x),
            },
        ],
        pad: 0.6,
    }
}

/// How a row is decorated.
#[derive(Clone, Copy)]
struct RowStyle {
    /// A rule under the row: (thickness in points, grey level 0 = black … 1 = white).
    rule_under: Option<(f32, f32)>,
}

/// The body flow: a cursor that moves down the pages, starting new ones as needed.
struct Flow<'a> {
    fonts: &'a Fonts,
    pages: Vec<PageLayout>,
    images: Vec<RawImage>,
    y: f32,
    next_top: f32,
    /// Nothing has been placed in the body yet.
    empty: bool,
    /// The kind of the previous block, for the spacing between blocks.
    after_heading: bool,
}

impl<'a> Flow<'a> {
    fn new(fonts: &'a Fonts, first_top: f32, next_top: f32) -> Self {
        Self {
            fonts,
            pages: vec![PageLayout { items: Vec::new(), body_top: first_top }],
            images: Vec::new(),
            y: first_top,
            next_top,
            empty: true,
            after_heading: false,
        }
    }

    fn page(&mut self) -> &mut PageLayout {
        // `pages` starts with one page and only ever grows.
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn page_top(&self) -> f32 {
        self.pages.last().map_or(self.next_top, |p| p.body_top)
    }

    fn at_top(&self) -> bool {
        self.y <= self.page_top() + EPS
    }

    fn remaining(&self) -> f32 {
        BODY_BOTTOM - self.y
    }

    /// The height of a whole body area on a following page.
    fn full_height(&self) -> f32 {
        BODY_BOTTOM - self.next_top
    }

    fn new_page(&mut self) {
        self.pages.push(PageLayout { items: Vec::new(), body_top: self.next_top });
        self.y = self.next_top;
    }

    /// Starts a new page unless `h` fits below the cursor (or we are at the top already).
    fn ensure(&mut self, h: f32) {
        if h > self.remaining() + EPS && !self.at_top() {
            self.new_page();
        }
    }

    /// Space between blocks, dropped at the top of a page.
    fn gap(&mut self, h: f32) {
        if self.empty || self.at_top() {
            return;
        }
        if h >= self.remaining() {
            self.new_page();
        } else {
            self.y += h;
        }
    }

    fn push(&mut self, item: Item) {
        self.page().items.push(item);
        self.empty = false;
    }

    fn text(&mut self, x: f32, text: String, face: Face, size: f32) {
        let item = text_item(self.fonts, Region::Body, x, self.y, text, face, size);
        self.push(item);
    }

    fn block(&mut self, block: &Block, next: Option<&Block>) -> Result<(), LetterError> {
        let regular = &self.fonts.regular;
        let bold = &self.fonts.bold;
        let lh = line_height(BODY_PT);
        let block_gap = if self.after_heading { AFTER_HEADING_GAP } else { PARAGRAPH_GAP };
        self.after_heading = false;
        match block {
            Block::Heading(text) => {
                self.gap(HEADING_GAP);
                let lines = bold.wrap(text, HEADING_PT, TEXT_W);
                let hh = line_height(HEADING_PT);
                // Keep the heading with the beginning of what follows it.
                let follow = next.map_or(0.0, |b| AFTER_HEADING_GAP + self.lead_height(b));
                self.ensure(lines.len() as f32 * hh + follow);
                for l in lines {
                    self.ensure(hh);
                    self.text(MARGIN_LEFT, l, Face::Bold, HEADING_PT);
                    self.y += hh;
                }
                self.after_heading = true;
            }
            Block::Paragraph(text) => {
                self.gap(block_gap);
                let lines = regular.wrap(text, BODY_PT, TEXT_W);
                // No single first line of a longer paragraph alone at the bottom of a page.
                if lines.len() > 1 {
                    self.ensure(2.0 * lh);
                }
                // A short paragraph that introduces a table or list ("Orders:") stays with its
                // beginning, as a heading does.
                let introduces = matches!(next, Some(Block::Table { .. } | Block::Bullets(_) | Block::KeyValues(_)));
                if introduces && lines.len() <= 2 {
                    let follow = next.map_or(0.0, |b| PARAGRAPH_GAP + self.lead_height(b));
                    self.ensure(lines.len() as f32 * lh + follow);
                }
                for l in lines {
                    self.ensure(lh);
                    self.text(MARGIN_LEFT, l, Face::Regular, BODY_PT);
                    self.y += lh;
                }
            }
            Block::Bullets(items) => {
                self.gap(block_gap);
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.gap(BULLET_ITEM_GAP);
                    }
                    let lines = regular.wrap(item, BODY_PT, TEXT_W - BULLET_INDENT);
                    if lines.len() > 1 {
                        self.ensure(2.0 * lh);
                    }
                    for (j, l) in lines.into_iter().enumerate() {
                        self.ensure(lh);
                        if j == 0 {
                            self.text(MARGIN_LEFT + 1.5, "•".to_string(), Face::Regular, BODY_PT);
                        }
                        self.text(MARGIN_LEFT + BULLET_INDENT, l, Face::Regular, BODY_PT);
                        self.y += lh;
                    }
                }
            }
            Block::KeyValues(pairs) => {
                self.gap(block_gap);
                let rows: Vec<Row> = pairs.iter().map(|(key, value)| key_value_row(self.fonts, key, value)).collect();
                let total: f32 = rows.iter().map(Row::height).sum();
                if total <= KEEP_TOGETHER_H {
                    self.ensure(total);
                }
                for row in &rows {
                    self.row(row, RowStyle { rule_under: None }, None);
                }
            }
            Block::Table { columns, rows } => {
                self.gap(block_gap);
                self.table(columns, rows);
            }
            Block::Signature { place_and_date, name, title, image_png } => {
                self.gap(SIGNATURE_GAP);
                self.signature(place_and_date, name, title, image_png.as_deref())?;
            }
            Block::Space(mm) => {
                if mm.is_finite() && *mm > 0.0 {
                    if *mm >= self.remaining() {
                        self.new_page();
                    } else {
                        self.y += mm;
                    }
                }
            }
        }
        Ok(())
    }

    /// The height of the beginning of `block` that a heading before it is kept with: two lines
    /// of a paragraph or bullet, a short key–value list whole or a long one's first row, a table's header and first row, a
    /// whole signature block (capped at half a page so a heading never wastes a whole page).
    fn lead_height(&self, block: &Block) -> f32 {
        let fonts = self.fonts;
        let lh = line_height(BODY_PT);
        let two_lines = |text: &str, width: f32| fonts.regular.wrap(text, BODY_PT, width).len().min(2) as f32 * lh;
        let h = match block {
            Block::Heading(text) => fonts.bold.wrap(text, HEADING_PT, TEXT_W).len() as f32 * line_height(HEADING_PT),
            Block::Paragraph(text) => two_lines(text, TEXT_W),
            Block::Bullets(items) => items.first().map_or(0.0, |t| two_lines(t, TEXT_W - BULLET_INDENT)),
            Block::KeyValues(pairs) => {
                let heights: Vec<f32> = pairs.iter().map(|(k, v)| key_value_row(fonts, k, v).height()).collect();
                let total: f32 = heights.iter().sum();
                // A short list goes whole (it is kept together); of a long one, the first row.
                if total <= KEEP_TOGETHER_H { total } else { heights.first().copied().unwrap_or(0.0) }
            }
            Block::Table { columns, rows } => {
                if columns.is_empty() {
                    0.0
                } else {
                    let edges = column_edges(columns);
                    let header = table_row(fonts, &edges, &mut columns.iter().map(|c| c.0.as_str()), Face::Bold);
                    let first = rows.first().map_or(0.0, |r| {
                        table_row(fonts, &edges, &mut r.iter().map(String::as_str), Face::Regular).height()
                    });
                    header.height() + first
                }
            }
            Block::Signature { place_and_date, name, title, .. } => {
                let lines = [place_and_date, name, title]
                    .iter()
                    .filter(|t| !t.trim().is_empty())
                    .map(|t| fonts.regular.wrap(t, BODY_PT, TEXT_W).len())
                    .sum::<usize>();
                SIGNATURE_GAP + lines as f32 * lh + SIGNATURE_IMAGE_MAX_H.max(SIGNATURE_BLANK_H) + 3.5
            }
            Block::Space(_) => 0.0,
        };
        h.min(self.full_height() / 2.0)
    }

    /// Places a row, on a new page if it does not fit here; a row taller than a whole page is
    /// split between its lines. `header` (a table's header row) is repeated on every new page.
    fn row(&mut self, row: &Row, style: RowStyle, header: Option<(&Row, RowStyle)>) {
        let lh = line_height(BODY_PT);
        let header_h = header.map_or(0.0, |(h, _)| h.height());
        if row.height() > self.remaining() + EPS && !self.at_top() {
            self.new_page();
            if let Some((h, s)) = header {
                self.place_lines(h, 0, h.line_count(), s);
            }
        }
        let n = row.line_count();
        if row.height() <= self.remaining() + EPS {
            self.place_lines(row, 0, n, style);
            return;
        }
        // Taller than a page: split it between lines.
        let mut start = 0;
        while start < n {
            let fit = ((self.remaining() - 2.0 * row.pad + EPS) / lh).floor().max(0.0) as usize;
            // On a fresh page one line always goes, so the loop ends even in absurd geometry.
            let fresh = self.y <= self.page_top() + header_h + EPS;
            let fit = if fresh { fit.max(1) } else { fit };
            if fit == 0 {
                self.new_page();
                if let Some((h, s)) = header {
                    self.place_lines(h, 0, h.line_count(), s);
                }
                continue;
            }
            let end = (start + fit).min(n);
            self.place_lines(row, start, end, style);
            start = end;
            if start < n {
                self.new_page();
                if let Some((h, s)) = header {
                    self.place_lines(h, 0, h.line_count(), s);
                }
            }
        }
    }

    /// Places lines `start..end` of every cell of `row` at the cursor and moves below them.
    fn place_lines(&mut self, row: &Row, start: usize, end: usize, style: RowStyle) {
        let lh = line_height(BODY_PT);
        let top = self.y;
        for cell in &row.cells {
            for (k, line) in cell.lines.iter().enumerate().take(end).skip(start) {
                if line.is_empty() {
                    continue;
                }
                let y = top + row.pad + (k - start) as f32 * lh;
                let item = text_item(self.fonts, Region::Body, cell.x, y, line.clone(), cell.face, BODY_PT);
                self.push(item);
            }
        }
        self.y = top + 2.0 * row.pad + (end - start).max(1) as f32 * lh;
        if let Some((thickness, grey)) = style.rule_under {
            self.push(rule_item(MARGIN_LEFT, self.y, TEXT_W, thickness, grey));
        }
        self.empty = false;
    }

    fn table(&mut self, columns: &[(String, f32)], rows: &[Vec<String>]) {
        if columns.is_empty() {
            return;
        }
        let edges = column_edges(columns);
        let make_row = |cells: &mut dyn Iterator<Item = &str>, face: Face| table_row(self.fonts, &edges, cells, face);
        let header = make_row(&mut columns.iter().map(|c| c.0.as_str()), Face::Bold);
        let header_style = RowStyle { rule_under: Some((0.6, 0.0)) };
        let row_style = RowStyle { rule_under: Some((0.25, 0.6)) };
        let body_rows: Vec<Row> =
            rows.iter().map(|r| make_row(&mut r.iter().map(String::as_str), Face::Regular)).collect();

        // The header repeats on new pages unless it is so tall that repeating it could starve
        // the rows of room.
        let repeat = header.height() <= self.full_height() / 3.0;
        // Keep the header with the first row (as much of it as fits on a page).
        let first_h = body_rows.first().map_or(0.0, Row::height).min(self.full_height() / 2.0);
        self.ensure(header.height() + first_h);
        self.row(&header, header_style, None);
        let repeated = if repeat { Some((&header, header_style)) } else { None };
        for row in &body_rows {
            self.row(row, row_style, repeated);
        }
    }

    fn signature(
        &mut self,
        place_and_date: &str,
        name: &str,
        title: &str,
        image_png: Option<&[u8]>,
    ) -> Result<(), LetterError> {
        let lh = line_height(BODY_PT);
        let regular = &self.fonts.regular;
        let place = regular.wrap(place_and_date, BODY_PT, TEXT_W);
        let names = regular.wrap(name, BODY_PT, TEXT_W);
        let titles = if title.trim().is_empty() { Vec::new() } else { regular.wrap(title, BODY_PT, TEXT_W) };
        let image = image_png.map(decode_png).transpose()?;
        let (image_w, image_h) = image.as_ref().map_or((0.0, SIGNATURE_BLANK_H), |img| {
            let (w, h) = (img.width as f32, img.height as f32);
            let scaled_h = SIGNATURE_IMAGE_W * h / w;
            if scaled_h <= SIGNATURE_IMAGE_MAX_H {
                (SIGNATURE_IMAGE_W, scaled_h)
            } else {
                (SIGNATURE_IMAGE_MAX_H * w / h, SIGNATURE_IMAGE_MAX_H)
            }
        });
        let space_above_line = image_h.max(SIGNATURE_BLANK_H) + 2.0;
        let total = place.len() as f32 * lh + space_above_line + 1.5 + (names.len() + titles.len()) as f32 * lh;
        self.ensure(total);

        for l in place {
            self.text(MARGIN_LEFT, l, Face::Regular, BODY_PT);
            self.y += lh;
        }
        let line_y = self.y + space_above_line;
        if let Some(img) = image {
            let index = self.images.len();
            self.images.push(img);
            self.push(Item {
                x: MARGIN_LEFT,
                y: line_y - 1.0 - image_h,
                w: image_w,
                h: image_h,
                region: Region::Body,
                mark: Mark::Image { index },
            });
        }
        self.push(rule_item(MARGIN_LEFT, line_y, SIGNATURE_LINE_W, 0.5, 0.0));
        self.y = line_y + 1.5;
        for l in names.into_iter().chain(titles) {
            self.text(MARGIN_LEFT, l, Face::Regular, BODY_PT);
            self.y += lh;
        }
        Ok(())
    }
}

/// Decodes a PNG, with an error (never a panic) for anything else.
/// Whether `bytes` is a PNG the letters can print (a scanned signature is checked when it is set).
pub fn check_png(bytes: &[u8]) -> Result<(), LetterError> {
    decode_png(bytes).map(|_| ())
}

fn decode_png(bytes: &[u8]) -> Result<RawImage, LetterError> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) {
        return Err(LetterError::Image("not a PNG file".to_string()));
    }
    let image = RawImage::decode_from_bytes(bytes, &mut Vec::new()).map_err(LetterError::Image)?;
    if image.width == 0 || image.height == 0 {
        return Err(LetterError::Image("the image is empty".to_string()));
    }
    Ok(image)
}

// ---------------------------------------------------------------------------------------------
// Drawing: the layout model as printpdf operations
// ---------------------------------------------------------------------------------------------

/// A length in millimetres as points.
fn pt(mm: f32) -> Pt {
    Mm(mm).into()
}

/// A point given in millimetres from the top-left corner, in PDF space (from the bottom-left).
fn point(x: f32, y_from_top: f32) -> Point {
    Point { x: pt(x), y: pt(PAGE_H - y_from_top) }
}

fn draw(fonts: &Fonts, head: &LetterHead, layout: &Layout) -> Result<Vec<u8>, LetterError> {
    let title = if head.document_name.trim().is_empty() { "Letter" } else { head.document_name.as_str() };
    let mut doc = PdfDocument::new(title);
    let regular = doc.add_font(&fonts.regular.parsed);
    let bold = doc.add_font(&fonts.bold.parsed);
    let images: Vec<(XObjectId, &RawImage)> = layout.images.iter().map(|img| (doc.add_image(img), img)).collect();

    let pages = layout
        .pages
        .iter()
        .map(|page| PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), page_ops(page, &regular, &bold, &images)))
        .collect();

    let mut warnings: Vec<PdfWarnMsg> = Vec::new();
    let options = PdfSaveOptions { subset_fonts: true, ..PdfSaveOptions::default() };
    let bytes = doc.with_pages(pages).save(&options, &mut warnings);
    let errors: Vec<String> = warnings
        .into_iter()
        .filter(|w| w.severity == PdfParseErrorSeverity::Error)
        .map(|w| format!("page {}: {}", w.page, w.msg))
        .collect();
    if !errors.is_empty() {
        return Err(LetterError::Pdf(errors.join("; ")));
    }
    if !bytes.starts_with(b"%PDF") {
        return Err(LetterError::Pdf("printpdf returned no PDF".to_string()));
    }
    Ok(bytes)
}

/// One page's operations: rules, then images, then all text in one text section.
fn page_ops(page: &PageLayout, regular: &FontId, bold: &FontId, images: &[(XObjectId, &RawImage)]) -> Vec<Op> {
    let mut ops = Vec::new();
    for item in &page.items {
        match &item.mark {
            Mark::Rule { thickness_pt, grey } => {
                let colour = Color::Greyscale(Greyscale { percent: *grey, icc_profile: None });
                ops.push(Op::SetOutlineColor { col: colour });
                ops.push(Op::SetOutlineThickness { pt: Pt(*thickness_pt) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint { p: point(item.x, item.y), bezier: false },
                            LinePoint { p: point(item.x + item.w, item.y), bezier: false },
                        ],
                        is_closed: false,
                    },
                });
            }
            Mark::Image { index } => {
                if let Some((id, img)) = images.get(*index) {
                    // With this dpi the image is exactly `item.w` wide (and in proportion high).
                    let dpi = img.width as f32 * 72.0 / pt(item.w).0;
                    ops.push(Op::UseXobject {
                        id: id.clone(),
                        transform: XObjectTransform {
                            translate_x: Some(pt(item.x)),
                            translate_y: Some(pt(PAGE_H - item.y - item.h)),
                            dpi: Some(dpi),
                            ..XObjectTransform::default()
                        },
                    });
                }
            }
            Mark::Text { .. } => {}
        }
    }

    ops.push(Op::StartTextSection);
    ops.push(Op::SetFillColor { col: Color::Greyscale(Greyscale { percent: 0.0, icc_profile: None }) });
    let mut current: Option<(Face, f32)> = None;
    for item in &page.items {
        if let Mark::Text { text, face, size, baseline } = &item.mark {
            if current != Some((*face, *size)) {
                let id = match face {
                    Face::Regular => regular,
                    Face::Bold => bold,
                };
                ops.push(Op::SetFont { font: PdfFontHandle::External(id.clone()), size: Pt(*size) });
                current = Some((*face, *size));
            }
            let origin = point(item.x, *baseline);
            ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(origin.x, origin.y) });
            ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
        }
    }
    ops.push(Op::EndTextSection);
    ops
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::pdftotext_pages as pdftotext;

    fn head() -> LetterHead {
        LetterHead {
            sender_lines: vec![
                "Kauppa Mäkelä Oy".to_string(),
                "Rantakatu 5 B 12".to_string(),
                "00100 HELSINKI".to_string(),
            ],
            document_name: "TARKASTUSPYYNTÖÖN VASTAAMINEN".to_string(),
            date: "25.11.2026".to_string(),
            reference: "Viite 2026-0007".to_string(),
            recipient_lines: vec![
                "Åsa Åström".to_string(),
                "Östra Långgatan 3 A".to_string(),
                "65100 VAASA".to_string(),
            ],
        }
    }

    /// A valid PNG (RGBA, 8 bits, stored-deflate zlib stream) with a dark wavy stroke on a
    /// transparent background, written by hand so the tests need no image encoder.
    pub(super) fn scribble_png(width: u32, height: u32) -> Vec<u8> {
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = 0xFFFF_FFFFu32;
            for &b in bytes {
                crc ^= u32::from(b);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
                }
            }
            !crc
        }
        fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
            out.extend_from_slice(&u32::try_from(data.len()).expect("small chunk").to_be_bytes());
            let mut body = kind.to_vec();
            body.extend_from_slice(data);
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc32(&body).to_be_bytes());
        }
        let mut raw = Vec::new();
        for y in 0..height {
            raw.push(0); // filter: none
            for x in 0..width {
                let t = x as f32 / width as f32;
                let centre = height as f32 * (0.5 + 0.35 * (t * 12.0).sin() * (1.0 - t));
                let ink = (y as f32 - centre).abs() < 2.0;
                raw.extend_from_slice(if ink { &[20, 30, 120, 255] } else { &[255, 255, 255, 0] });
            }
        }
        let mut zlib = vec![0x78, 0x01];
        let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
        for (i, block) in blocks.iter().enumerate() {
            zlib.push(u8::from(i + 1 == blocks.len()));
            let len = u16::try_from(block.len()).expect("stored block");
            zlib.extend_from_slice(&len.to_le_bytes());
            zlib.extend_from_slice(&(!len).to_le_bytes());
            zlib.extend_from_slice(block);
        }
        let (mut a, mut b) = (1u32, 0u32);
        for &byte in &raw {
            a = (a + u32::from(byte)) % 65_521;
            b = (b + a) % 65_521;
        }
        zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());

        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]); // 8 bits, RGBA, deflate, no filter, no interlace
        chunk(&mut png, b"IHDR", &ihdr);
        chunk(&mut png, b"IDAT", &zlib);
        chunk(&mut png, b"IEND", &[]);
        png
    }

    fn every_block() -> Vec<Block> {
        vec![
            Block::Heading("Rekisteröidyn tiedot".to_string()),
            Block::Paragraph(
                "Pyysitte 3.11.2026 saada tietää, mitä tietoja teistä on asiakasrekisterissämme. \
                 Alla ovat kaikki tiedot, jotka teistä on tallennettu – sekä mistä ne on saatu."
                    .to_string(),
            ),
            Block::KeyValues(vec![
                ("Nimi".to_string(), "Åsa Åström".to_string()),
                ("Osoite".to_string(), "Östra Långgatan 3 A, 65100 Vaasa".to_string()),
                ("Sähköposti".to_string(), "asa.astrom@example.fi".to_string()),
            ]),
            Block::Bullets(vec![
                "Asiakassuhteen hoitaminen ja laskutus".to_string(),
                "Markkinointi, jos olette antaneet siihen suostumuksen (“kyllä”)".to_string(),
            ]),
            Block::Space(4.0),
            Block::Table {
                columns: vec![("Päivä".to_string(), 1.0), ("Tuote".to_string(), 3.0), ("Hinta".to_string(), 1.0)],
                rows: vec![
                    vec!["2.5.2026".to_string(), "Öljy".to_string(), "Öljy 12,50 €".to_string()],
                    vec!["9.6.2026".to_string(), "Pähkinät, Mäkelä".to_string(), "4,90 €".to_string()],
                ],
            },
            Block::Signature {
                place_and_date: "Helsingissä 25.11.2026".to_string(),
                name: "Matti Mäkelä".to_string(),
                title: "toimitusjohtaja".to_string(),
                image_png: Some(scribble_png(120, 40)),
            },
        ]
    }

    /// Every item lies inside the margins, and every body item inside its page's body area.
    fn assert_inside_margins(layout: &Layout) {
        for (p, page) in layout.pages.iter().enumerate() {
            assert!(page.body_top >= MARGIN_TOP);
            for item in &page.items {
                let where_ = format!("page {}: {item:?}", p + 1);
                assert!(item.x >= MARGIN_LEFT - EPS, "left of the margin: {where_}");
                assert!(item.x + item.w <= MARGIN_RIGHT_X + EPS, "right of the margin: {where_}");
                assert!(item.y >= MARGIN_TOP - EPS, "above the top margin: {where_}");
                assert!(item.y + item.h <= BODY_BOTTOM + EPS, "below the bottom margin: {where_}");
                if item.region == Region::Body {
                    assert!(item.y >= page.body_top - EPS, "above the body area: {where_}");
                }
            }
        }
    }

    fn texts(page: &PageLayout) -> Vec<&str> {
        page.items
            .iter()
            .filter_map(|i| match &i.mark {
                Mark::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_block_kind_renders_a_pdf() {
        let pdf = render_letter(&head(), &every_block()).unwrap();
        assert!(pdf.starts_with(b"%PDF"), "not a PDF");
        assert_eq!(page_count(&head(), &every_block()).unwrap(), 1);
        let layout = layout(fonts().unwrap(), &head(), &every_block()).unwrap();
        assert_inside_margins(&layout);
        assert_eq!(layout.images.len(), 1);
        // The fonts are subset: a whole DejaVu Sans alone is over 700 kB.
        assert!(pdf.len() < 200_000, "PDF is {} bytes: fonts not subset?", pdf.len());
    }

    #[test]
    fn extracted_text_keeps_finnish_letters_and_page_numbers() {
        let mut blocks = every_block();
        // Enough text to need a second page.
        for i in 0..25 {
            blocks
                .insert(2, Block::Paragraph(format!("Kappale {i}: säilytysaika on kaksi vuotta viimeisestä ostosta.")));
        }
        assert_eq!(page_count(&head(), &blocks).unwrap(), 2);
        let pdf = render_letter(&head(), &blocks).unwrap();
        let page1 = pdftotext(&pdf, 1, 1);
        let page2 = pdftotext(&pdf, 2, 2);
        let all = pdftotext(&pdf, 1, 2);
        for wanted in ["Mäkelä", "Åström", "Öljy 12,50 €", "Östra Långgatan 3 A", "“kyllä”", "–", "Viite 2026-0007"]
        {
            assert!(all.contains(wanted), "{wanted:?} missing from:\n{all}");
        }
        assert!(page1.contains("1 (2)"), "no page label on page 1:\n{page1}");
        assert!(page2.contains("2 (2)"), "no page label on page 2:\n{page2}");
        assert!(page2.contains("TARKASTUSPYYNTÖÖN"), "no header on page 2:\n{page2}");
        assert!(page2.contains("Kauppa Mäkelä Oy"), "no sender on page 2:\n{page2}");
        // The address only on the first page.
        assert!(page1.contains("65100 VAASA") && !page2.contains("65100 VAASA"));
    }

    #[test]
    fn a_table_of_5000_rows_paginates_with_repeated_headers() {
        let columns = vec![("Asiakasnumero".to_string(), 1.0), ("Nimi".to_string(), 2.0), ("Summa".to_string(), 1.0)];
        let rows: Vec<Vec<String>> =
            (0..5000).map(|i| vec![format!("A-{i:05}"), format!("Asiakas Mäkelä {i}"), format!("{i},50 €")]).collect();
        let blocks = vec![Block::Paragraph("Kaikki asiakkaat:".to_string()), Block::Table { columns, rows }];
        let pages = page_count(&head(), &blocks).unwrap();
        assert!(pages > 50, "only {pages} pages");

        let layout = layout(fonts().unwrap(), &head(), &blocks).unwrap();
        assert_eq!(layout.pages.len(), pages);
        assert_inside_margins(&layout);
        for (p, page) in layout.pages.iter().enumerate() {
            let t = texts(page);
            for title in ["Asiakasnumero", "Nimi", "Summa"] {
                assert!(t.contains(&title), "page {} lacks the header {title:?}", p + 1);
            }
        }
        // Every row is on one page, in order.
        let mut seen = 0;
        for page in &layout.pages {
            for t in texts(page) {
                if t == format!("A-{seen:05}") {
                    seen += 1;
                }
            }
        }
        assert_eq!(seen, 5000);
        // No row is split: on every page each row's three cells are all there.
        for page in &layout.pages {
            let t = texts(page);
            let ids = t.iter().filter(|s| s.starts_with("A-")).count();
            let names = t.iter().filter(|s| s.starts_with("Asiakas Mäkelä")).count();
            let sums = t.iter().filter(|s| s.ends_with(" €")).count();
            assert!(ids > 0 && ids == names && ids == sums, "{ids} {names} {sums}");
        }

        let pdf = render_letter(&head(), &blocks).unwrap();
        let last = pdftotext(&pdf, pages, pages);
        for title in ["Asiakasnumero", "Nimi", "Summa", &format!("{pages} ({pages})"), "A-04999"] {
            assert!(last.contains(title), "{title:?} missing from the last page:\n{last}");
        }
    }

    #[test]
    fn a_heading_stays_with_the_table_after_it() {
        let table = Block::Table {
            columns: vec![("Sarake yksi".to_string(), 1.0), ("Sarake kaksi".to_string(), 1.0)],
            rows: vec![vec!["ensimmäinen rivi".to_string(), "a\nb\nc".to_string()]],
        };
        for filler in 15..65 {
            let mut blocks: Vec<Block> = (0..filler).map(|i| Block::Paragraph(format!("Täyte {i}"))).collect();
            blocks.push(Block::Heading("Ostotapahtumat".to_string()));
            blocks.push(table.clone());
            let l = layout(fonts().unwrap(), &head(), &blocks).unwrap();
            assert_inside_margins(&l);
            let page_of = |wanted: &str| l.pages.iter().position(|p| texts(p).contains(&wanted)).unwrap();
            assert_eq!(page_of("Ostotapahtumat"), page_of("Sarake yksi"), "filler {filler}");
            assert_eq!(page_of("Sarake yksi"), page_of("ensimmäinen rivi"), "filler {filler}");
        }
    }

    #[test]
    fn a_short_paragraph_stays_with_the_table_or_list_it_introduces() {
        let table = Block::Table {
            columns: vec![("Sarake yksi".to_string(), 1.0), ("Sarake kaksi".to_string(), 1.0)],
            rows: vec![vec!["ensimmäinen rivi".to_string(), "a\nb".to_string()]],
        };
        let list = Block::Bullets(vec!["ensimmäinen kohta".to_string(), "toinen".to_string()]);
        for follower in [table, list] {
            for filler in 15..65 {
                let mut blocks: Vec<Block> = (0..filler).map(|i| Block::Paragraph(format!("Täyte {i}"))).collect();
                blocks.push(Block::Paragraph("Suostumushistoria:".to_string()));
                blocks.push(follower.clone());
                let l = layout(fonts().unwrap(), &head(), &blocks).unwrap();
                assert_inside_margins(&l);
                let page_of = |wanted: &str| l.pages.iter().position(|p| texts(p).contains(&wanted)).unwrap();
                let first =
                    if matches!(follower, Block::Table { .. }) { "ensimmäinen rivi" } else { "ensimmäinen kohta" };
                assert_eq!(page_of("Suostumushistoria:"), page_of(first), "filler {filler}");
            }
        }
    }

    #[test]
    fn a_short_contact_block_is_never_split_between_pages() {
        let contact = Block::KeyValues(
            ["Viranomainen", "Käyntiosoite", "Postiosoite", "Puhelin", "Sähköposti", "Verkkosivut"]
                .iter()
                .map(|key| ((*key).to_string(), format!("{key} arvo")))
                .collect(),
        );
        for filler in 15..65 {
            let mut blocks: Vec<Block> = (0..filler).map(|i| Block::Paragraph(format!("Täyte {i}"))).collect();
            blocks.push(Block::Heading("Valvontaviranomainen".to_string()));
            blocks.push(contact.clone());
            let l = layout(fonts().unwrap(), &head(), &blocks).unwrap();
            assert_inside_margins(&l);
            let page_of = |wanted: &str| l.pages.iter().position(|p| texts(p).contains(&wanted)).unwrap();
            assert_eq!(page_of("Valvontaviranomainen"), page_of("Viranomainen"), "filler {filler}");
            assert_eq!(page_of("Viranomainen"), page_of("Verkkosivut"), "filler {filler}");
        }
    }

    #[test]
    fn a_very_long_word_wraps_inside_its_column() {
        let word = "Pitkä".repeat(60) + "sana";
        let columns = vec![("A".to_string(), 1.0), ("B".to_string(), 1.0), ("C".to_string(), 4.0)];
        let blocks = vec![
            Block::Paragraph(format!("Alku {word} loppu")),
            Block::Table { columns, rows: vec![vec![word.clone(), "x".to_string(), word.clone()]] },
            Block::KeyValues(vec![(word.clone(), word.clone())]),
            Block::Bullets(vec![word.clone()]),
        ];
        let layout = layout(fonts().unwrap(), &head(), &blocks).unwrap();
        assert_inside_margins(&layout);
        // The first table column is 170 / 6 mm wide: its pieces stay inside it.
        let col_right = MARGIN_LEFT + TEXT_W / 6.0 - CELL_PAD_X;
        let pieces: Vec<&Item> = layout.pages[0]
            .items
            .iter()
            .filter(|i| i.x == MARGIN_LEFT + CELL_PAD_X && matches!(&i.mark, Mark::Text { text, .. } if text.starts_with("itkä") || text.starts_with("Pitk") || text.starts_with("kä")))
            .collect();
        assert!(!pieces.is_empty());
        for p in &pieces {
            assert!(p.x + p.w <= col_right + EPS, "crosses its column: {p:?}");
        }
        // Nothing was lost: the table's first column holds the whole word.
        let first_col: String = layout.pages[0]
            .items
            .iter()
            .filter(|i| (i.x - (MARGIN_LEFT + CELL_PAD_X)).abs() < EPS && i.y > pieces[0].y - EPS)
            .filter_map(|i| match &i.mark {
                Mark::Text { text, .. } if text != "A" => Some(text.as_str()),
                _ => None,
            })
            .take_while(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .concat();
        assert!(first_col.starts_with(&word), "{first_col}");
    }

    #[test]
    fn wrapping_breaks_at_spaces_but_not_at_no_break_spaces() {
        let f = &fonts().unwrap().regular;
        let lines = f.wrap("yksi kaksi kolme neljä viisi", BODY_PT, f.width("yksi kaksi", BODY_PT) + 0.1);
        assert_eq!(lines, vec!["yksi kaksi", "kolme", "neljä viisi"]);
        let lines = f.wrap("12,50\u{A0}€ ja 4,90\u{A0}€", BODY_PT, f.width("12,50\u{A0}€", BODY_PT) + 0.1);
        assert_eq!(lines, vec!["12,50\u{A0}€", "ja", "4,90\u{A0}€"]);
        assert_eq!(f.wrap("rivi\n\ntoinen", BODY_PT, 100.0), vec!["rivi", "", "toinen"]);
        assert_eq!(f.wrap("", BODY_PT, 100.0), vec![""]);
    }

    #[test]
    fn characters_the_font_lacks_do_not_crash() {
        let f = &fonts().unwrap().regular;
        assert!(!f.has_glyph('漢'));
        assert_eq!(f.clean("a漢\u{7}b\tc🦀"), "a\u{FFFD}b c\u{FFFD}");
        let blocks = vec![
            Block::Heading("漢字 🦀 \u{E000}".to_string()),
            Block::Paragraph("Mäkelä 漢字\u{0}\u{1b}[0m 🦀".to_string()),
            Block::Table { columns: vec![("🦀".to_string(), 1.0)], rows: vec![vec!["漢".to_string()]] },
        ];
        let pdf = render_letter(&head(), &blocks).unwrap();
        let text = pdftotext(&pdf, 1, 1);
        assert!(text.contains("Mäkelä"), "{text}");
    }

    #[test]
    fn a_signature_with_a_png_renders_and_is_kept_together() {
        let png = scribble_png(200, 60);
        let signature = Block::Signature {
            place_and_date: "Vaasassa 25.11.2026".to_string(),
            name: "Åsa Åström".to_string(),
            title: "tietosuojavastaava".to_string(),
            image_png: Some(png),
        };
        let pdf = render_letter(&head(), std::slice::from_ref(&signature)).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let text = pdftotext(&pdf, 1, 1);
        assert!(text.contains("Vaasassa 25.11.2026") && text.contains("tietosuojavastaava"), "{text}");

        // The image is 40 mm wide and sits above the signing line.
        let l = layout(fonts().unwrap(), &head(), std::slice::from_ref(&signature)).unwrap();
        let image = l.pages[0].items.iter().find(|i| matches!(i.mark, Mark::Image { .. })).unwrap();
        assert!((image.w - SIGNATURE_IMAGE_W).abs() < EPS && (image.h - 12.0).abs() < EPS, "{image:?}");
        let rule = l.pages[0].items.iter().find(|i| matches!(i.mark, Mark::Rule { .. })).unwrap();
        assert!(image.y + image.h <= rule.y && (rule.w - SIGNATURE_LINE_W).abs() < EPS);

        // Pushed to the next page whole when it does not fit below a page of text.
        let mut blocks: Vec<Block> = (0..36).map(|i| Block::Paragraph(format!("Rivi {i}"))).collect();
        blocks.push(signature);
        let l = layout(fonts().unwrap(), &head(), &blocks).unwrap();
        assert_eq!(l.pages.len(), 2);
        let last = texts(&l.pages[1]);
        for t in ["Vaasassa 25.11.2026", "Åsa Åström", "tietosuojavastaava"] {
            assert!(last.contains(&t), "{t:?} not on page 2: {last:?}");
        }
        assert!(l.pages[1].items.iter().any(|i| matches!(i.mark, Mark::Image { .. })));
        assert_inside_margins(&l);
    }

    #[test]
    fn a_bad_png_is_an_image_error() {
        let mut truncated = scribble_png(50, 20);
        truncated.truncate(60);
        for bytes in [b"this is no png".to_vec(), truncated, b"\x89PNG\r\n\x1a\n".to_vec(), Vec::new()] {
            let blocks = vec![Block::Signature {
                place_and_date: "Helsinki".to_string(),
                name: "N".to_string(),
                title: String::new(),
                image_png: Some(bytes),
            }];
            assert!(matches!(render_letter(&head(), &blocks), Err(LetterError::Image(_))));
            assert!(matches!(page_count(&head(), &blocks), Err(LetterError::Image(_))));
        }
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_rather_than_overflowing() {
        let tall = (0..120).map(|i| format!("rivi {i}")).collect::<Vec<_>>().join("\n");
        let blocks = vec![Block::Table {
            columns: vec![("Otsikko".to_string(), 1.0), ("Arvo".to_string(), 1.0)],
            rows: vec![vec!["lyhyt".to_string(), tall.clone()], vec!["seuraava".to_string(), "x".to_string()]],
        }];
        let l = layout(fonts().unwrap(), &head(), &blocks).unwrap();
        assert!(l.pages.len() >= 3);
        assert_inside_margins(&l);
        let all: Vec<&str> = l.pages.iter().flat_map(texts).collect();
        assert!(all.contains(&"rivi 0") && all.contains(&"rivi 119") && all.contains(&"seuraava"));
    }

    #[test]
    fn odd_input_does_not_panic() {
        let empty = LetterHead::default();
        let blocks = vec![
            Block::Table { columns: vec![], rows: vec![vec!["x".to_string()]] },
            Block::Table { columns: vec![("a".to_string(), f32::NAN), ("b".to_string(), -1.0)], rows: vec![vec![]] },
            Block::Space(f32::INFINITY),
            Block::Space(-5.0),
            Block::Bullets(vec![]),
            Block::KeyValues(vec![]),
            Block::Paragraph(String::new()),
            Block::Heading(String::new()),
        ];
        let pdf = render_letter(&empty, &blocks).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(page_count(&empty, &[]).unwrap(), 1);
        let l = layout(fonts().unwrap(), &empty, &blocks).unwrap();
        assert_inside_margins(&l);
    }
}
