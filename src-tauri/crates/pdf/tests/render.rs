//! The PDF itself, read back with poppler's `pdftotext` and `pdffonts`. These tools read files by
//! name, and the Windows tests (under Wine) have no Windows build of them: there the tests are
//! listed as ignored, with that reason, and the Linux run checks the same bytes.

use std::path::Path;
use std::process::Command;

use fabrique_pdf::markdown::to_blocks;
use fabrique_pdf::{to_pdf, Block, Document, PdfError, Span, Table, TitlePage};

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("`{name}` is needed for this test (apt install poppler-utils): {e}"));
    assert!(out.status.success(), "{name} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The decompressed ToUnicode CMaps of a PDF.
fn to_unicode_maps(pdf: &[u8]) -> String {
    use std::io::Read;
    let mut out = String::new();
    let mut rest = pdf;
    while let Some(start) = find(rest, b"stream") {
        let mut body = &rest[start + 6..];
        body = body.strip_prefix(b"\r").unwrap_or(body);
        body = body.strip_prefix(b"\n").unwrap_or(body);
        let Some(end) = find(body, b"endstream") else { break };
        let mut text = String::new();
        if flate2::read::ZlibDecoder::new(&body[..end]).read_to_string(&mut text).is_ok() && text.contains("beginbf") {
            out.push_str(&text);
        }
        rest = &body[end + b"endstream".len()..];
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn pdffonts(pdf: &Path) -> String {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("`pdffonts` is needed for this test (apt install poppler-utils): {e}"));
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn sample() -> Document {
    let mut blocks = to_blocks(
        "# La « Fédération » des centres sociaux\n\nLe cœur du projet : l’œuvre collective, 1\u{A0}200\u{A0}€ \
         pour l’été ; déjà très apprécié, à la rentrée, en français. Œuvre !\n\n\
         - première action\n- seconde, avec [un lien](https://www.exemple.fr)\n\n\
         > Pièce à joindre : ⟦structure.siret⟧\n",
    );
    blocks.push(Block::Table(Table::plain(&["Poste", "Montant"], &[vec!["Salaires".into(), "12 000 €".into()]])));
    Document {
        title: "Dossier de subvention".into(),
        author: "Fédération des centres sociaux".into(),
        subject: Some("AILDS 2027".into()),
        title_page: Some(TitlePage {
            title: "Dossier AILDS".into(),
            subtitle: Some("Centre social des Tilleuls".into()),
            lines: vec!["29 novembre 2026".into()],
            logo_png: None,
        }),
        table_of_contents: true,
        running_header: Some("Centre social des Tilleuls".into()),
        running_footer: Some("Dossier AILDS — 29 novembre 2026".into()),
        blocks,
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "reads the file with poppler's pdffonts, pdfinfo, pdfimages or pdftoppm, which the Windows tests lack: the PDF is the same bytes on every system and the Linux run checks it"
)]
fn text_comes_back_from_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.pdf");
    let bytes = to_pdf(&sample()).expect("render");
    assert!(bytes.starts_with(b"%PDF-"));
    if let Ok(dir) = std::env::var("FABRIQUE_PDF_KEEP") {
        std::fs::write(Path::new(&dir).join("sample.pdf"), &bytes).unwrap();
    }
    std::fs::write(&path, &bytes).unwrap();
    let text = tool("pdftotext", &["-layout", "-enc", "UTF-8"], &path);
    for needle in [
        "Fédération",
        "cœur",
        "Œuvre",
        "€",
        "été",
        "très",
        "rentrée",
        "français",
        "Sommaire",
        "Salaires",
        "⟦structure.siret⟧",
        "page 3 / 3",
        "Dossier AILDS — 29 novembre 2026",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    // pdftotext prints every Unicode space as " ": check the surrounding text here, and below that the fonts'
    // ToUnicode maps really give U+202F and U+00A0 back to copy-paste.
    assert!(text.contains("« Fédération »"), "{text}");
    assert!(text.contains("projet : l’œuvre"), "{text}");
    assert!(text.contains("1 200 €"), "{text}");
    let cmaps = to_unicode_maps(&bytes);
    assert!(cmaps.contains("<202F>"), "no U+202F in the ToUnicode maps:\n{cmaps}");
    assert!(cmaps.contains("<00A0>"), "no U+00A0 in the ToUnicode maps:\n{cmaps}");

    let info = Command::new("pdfinfo").arg(&path).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Dossier de subvention"), "{info}");
    assert!(info.contains("Fédération des centres sociaux"), "{info}");
    assert!(info.contains("AILDS 2027"), "{info}");
    let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).map(str::trim);
    assert_eq!(pages, Some("3"), "{info}");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "reads the file with poppler's pdffonts, pdfinfo, pdfimages or pdftoppm, which the Windows tests lack: the PDF is the same bytes on every system and the Linux run checks it"
)]
fn fonts_are_embedded_and_subset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fonts.pdf");
    std::fs::write(&path, to_pdf(&sample()).unwrap()).unwrap();
    let fonts = pdffonts(&path);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 2, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni ...
        assert!(cols[0].contains('+'), "subset fonts are named ABCDEF+Name: {row}");
        let flags = &cols[cols.len() - 5..cols.len() - 2];
        assert_eq!(flags, ["yes", "yes", "yes"], "embedded, subset, unicode map: {row}");
    }
}

fn twenty_pages() -> Document {
    let para = "Le centre social accompagne les habitants dans leurs projets ; il anime des ateliers, tient une \
        permanence d’accès aux droits et coordonne les bénévoles de l’épicerie solidaire. ";
    let mut blocks = Vec::new();
    for s in 1..=18 {
        blocks.push(Block::heading(1, format!("Section {s}")));
        for _ in 0..8 {
            blocks.push(Block::Paragraph { spans: vec![Span::plain(para.repeat(2)), Span::bold("Important.")] });
        }
        blocks.push(Block::bullets(["un", "deux", "trois"]));
    }
    Document { title: "Volume".into(), author: "Test".into(), blocks, ..Document::default() }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "reads the file with poppler's pdffonts, pdfinfo, pdfimages or pdftoppm, which the Windows tests lack: the PDF is the same bytes on every system and the Linux run checks it"
)]
fn a_twenty_page_document_stays_small() {
    let doc = twenty_pages();
    let pages = fabrique_pdf::layout(&doc).pages.len();
    assert!((18..=26).contains(&pages), "{pages} pages");
    let bytes = to_pdf(&doc).unwrap();
    assert!(bytes.len() < 200 * 1024, "{} KB for {pages} pages", bytes.len() / 1024);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "reads the file with poppler's pdffonts, pdfinfo, pdfimages or pdftoppm, which the Windows tests lack: the PDF is the same bytes on every system and the Linux run checks it"
)]
fn a_bad_logo_is_a_french_error() {
    let mut doc = sample();
    doc.title_page.as_mut().unwrap().logo_png = Some(b"pas une image".to_vec());
    let err = to_pdf(&doc).unwrap_err();
    assert!(matches!(err, PdfError::Image(_)));
    assert!(err.to_string().starts_with("Le logo de la page de titre"), "{err}");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "reads the file with poppler's pdffonts, pdfinfo, pdfimages or pdftoppm, which the Windows tests lack: the PDF is the same bytes on every system and the Linux run checks it"
)]
fn a_png_logo_is_drawn() {
    // A 2×1 RGB PNG made by hand (stored deflate block).
    let png = tiny_png();
    let mut doc = sample();
    doc.title_page.as_mut().unwrap().logo_png = Some(png);
    let layout = fabrique_pdf::layout(&doc);
    let image = layout.pages[0].items.iter().find_map(|i| match i {
        fabrique_pdf::Item::Image { w, h, .. } => Some((*w, *h)),
        _ => None,
    });
    let (w, h) = image.expect("the logo is placed");
    assert!((w / h - 2.0).abs() < 0.01 && w <= 70.0 && h <= 35.0);
    let bytes = to_pdf(&doc).expect("render with a logo");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logo.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdfimages").arg("-list").arg(&path).output().expect("pdfimages");
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(list.lines().count() >= 3, "one image listed:\n{list}");
}

fn tiny_png() -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { 0xedb8_8320 ^ (crc >> 1) } else { crc >> 1 };
            }
        }
        !crc
    }
    fn adler32(data: &[u8]) -> u32 {
        let (mut a, mut b) = (1u32, 0u32);
        for &d in data {
            a = (a + u32::from(d)) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16) | a
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut c = kind.to_vec();
        c.extend(data);
        out.extend(&c);
        out.extend(crc32(&c).to_be_bytes());
    }
    let raw = [0u8, 0x1f, 0x3a, 0x5f, 0xff, 0xd8, 0x8c]; // filter byte + 2 RGB pixels
    let mut z = vec![0x78, 0x01, 0x01];
    z.extend((raw.len() as u16).to_le_bytes());
    z.extend((!(raw.len() as u16)).to_le_bytes());
    z.extend(raw);
    z.extend(adler32(&raw).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(2u32.to_be_bytes());
    ihdr.extend(1u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &z);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// The longest run of dark pixels on one row of the first page, rendered in grey by pdftoppm.
fn longest_dark_run(pdf: &Path) -> usize {
    let out = pdf.with_extension("");
    let status = Command::new("pdftoppm")
        .args(["-gray", "-r", "50", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&out)
        .status()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(status.success());
    let pgm = std::fs::read(out.with_extension("pgm")).unwrap();
    // "P5\n<w> <h>\n255\n" then one byte per pixel.
    let header: Vec<&[u8]> = pgm.splitn(4, |b| b.is_ascii_whitespace()).collect();
    let width: usize = std::str::from_utf8(header[1]).unwrap().parse().unwrap();
    let pixels = header[3].split_at(header[3].len() - (header[3].len() / width) * width).1;
    pixels.chunks(width).map(|row| row.split(|&p| p > 160).map(<[u8]>::len).max().unwrap_or(0)).max().unwrap_or(0)
}

#[test]
#[cfg_attr(
    windows,
    ignore = "reads the file with poppler's pdffonts, pdfinfo, pdfimages or pdftoppm, which the Windows tests lack: the PDF is the same bytes on every system and the Linux run checks it"
)]
fn filled_shapes_are_painted() {
    let dir = tempfile::tempdir().unwrap();
    let chart = fabrique_pdf::BarChart {
        title: "Outils".into(),
        subtitle: None,
        bars: vec![fabrique_pdf::Bar { label: "Facebook".into(), value: 100.0, display: "100 %".into() }],
        max: 100.0,
        series: vec![],
        grouped: vec![],
    };
    let with_bar = Document { blocks: vec![Block::BarChart(chart)], ..Document::default() };
    let path = dir.path().join("barre.pdf");
    std::fs::write(&path, to_pdf(&with_bar).unwrap()).unwrap();
    // A full bar spans most of the text width: far longer than any run of dark pixels in text.
    assert!(longest_dark_run(&path) > 150, "the bar is painted");

    let text_only = Document { blocks: vec![Block::paragraph("Facebook 100 %")], ..Document::default() };
    let path = dir.path().join("texte.pdf");
    std::fs::write(&path, to_pdf(&text_only).unwrap()).unwrap();
    assert!(longest_dark_run(&path) < 40, "text alone has no long dark run");
}
