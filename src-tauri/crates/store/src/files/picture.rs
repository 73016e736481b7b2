//! A picture for a publication, from a delegate's file: read within a size limit, decoded within
//! limits whatever its header declares, turned upright, reduced to 2 048 pixels on its longest
//! side (what the networks show), and written again (JPEG, or PNG when it has transparency).
//! What is stored carries no metadata: no place where the photo was taken, no camera, no name.

use std::io::Cursor;
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::read_limited;
use crate::error::{Result, StoreError};

/// A phone's photo is a few megabytes; far beyond that, it is not a photo to post.
pub const MAX_PICTURE_FILE_BYTES: u64 = 25 << 20;
/// 50 million pixels: any camera's photo, far less than would exhaust memory once decoded.
pub const MAX_PICTURE_PIXELS: u64 = 50_000_000;
/// The longest side kept: what Facebook and LinkedIn show at their largest.
pub const LONGEST_SIDE: u32 = 2048;
/// What one stored picture may weigh once reduced.
pub const MAX_STORED_BYTES: usize = 3 << 20;

/// A picture as stored: its bytes and what they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// `image/jpeg` or `image/png`.
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Reads the picture at `path`, refusing (in French, naming the file) what is not a JPEG or PNG
/// image of a reasonable size.
pub fn read_picture(path: &Path) -> Result<Picture> {
    let bytes = read_limited(path, MAX_PICTURE_FILE_BYTES, |size| {
        format!("l'image fait {} Mo : choisissez une image de moins de 25 Mo.", size >> 20)
    })?;
    picture_from_bytes(&bytes).map_err(|message| StoreError::file(path, None, None, message))
}

/// The picture `bytes` hold, made ready to store; the error says what to do, in French.
pub fn picture_from_bytes(bytes: &[u8]) -> std::result::Result<Picture, String> {
    let unreadable =
        || "ce fichier n'est pas une image lisible : choisissez une photo JPEG ou une image PNG.".to_string();
    let format = image::guess_format(bytes).map_err(|_| unreadable())?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png) {
        return Err(format!(
            "les images {} ne sont pas acceptées : enregistrez-la en JPEG ou en PNG.",
            format.extensions_str().first().unwrap_or(&"de ce type").to_uppercase()
        ));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(30_000);
    limits.max_image_height = Some(30_000);
    limits.max_alloc = Some(MAX_PICTURE_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| unreadable())?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PICTURE_PIXELS {
        return Err(format!(
            "l'image fait {width} × {height} pixels : réduisez-la (2 048 pixels de côté suffisent pour une publication)."
        ));
    }
    let orientation = decoder.orientation().map_err(|_| unreadable())?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| unreadable())?;
    picture.apply_orientation(orientation);
    if picture.width().max(picture.height()) > LONGEST_SIDE {
        picture = picture.resize(LONGEST_SIDE, LONGEST_SIDE, FilterType::Lanczos3);
    }
    let (media_type, bytes) = encode(&picture).map_err(|e| format!("l'image n'a pas pu être préparée ({e})."))?;
    if bytes.len() > MAX_STORED_BYTES {
        return Err(format!(
            "l'image pèse encore {} Mo une fois réduite : enregistrez-la en JPEG.",
            bytes.len().div_ceil(1 << 20)
        ));
    }
    Ok(Picture { media_type, bytes, width: picture.width(), height: picture.height() })
}

/// Transparency needs PNG; a photo is smaller in JPEG. Both are written without metadata.
fn encode(picture: &DynamicImage) -> image::ImageResult<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    if picture.color().has_alpha() {
        picture.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)?;
        Ok(("image/png", out))
    } else {
        JpegEncoder::new_with_quality(&mut out, 85).encode_image(&picture.to_rgb8())?;
        Ok(("image/jpeg", out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let photo = RgbImage::from_fn(width, height, |x, _| Rgb([(x % 256) as u8, 90, 60]));
        JpegEncoder::new_with_quality(&mut out, 90).encode_image(&photo).unwrap();
        out
    }

    /// A phone's photo: an Exif segment saying « turned a quarter » and where it was taken.
    fn with_exif(jpeg: &[u8]) -> Vec<u8> {
        let mut tiff = b"MM\0*\0\0\0\x08".to_vec();
        tiff.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
        tiff.extend_from_slice(b"GPS 44.8378 N -0.5792 E");
        let mut segment = b"Exif\0\0".to_vec();
        segment.extend_from_slice(&tiff);
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&u16::try_from(segment.len() + 2).unwrap().to_be_bytes());
        out.extend_from_slice(&segment);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_phone_photo_is_turned_upright_and_stored_without_its_metadata() {
        let photo = with_exif(&jpeg(400, 200));
        assert!(contains(&photo, b"GPS 44.8378"));
        let stored = picture_from_bytes(&photo).unwrap();
        assert_eq!((stored.media_type, stored.width, stored.height), ("image/jpeg", 200, 400), "turned upright");
        assert!(!contains(&stored.bytes, b"Exif") && !contains(&stored.bytes, b"GPS"), "no metadata kept");
        assert_eq!(image::load_from_memory(&stored.bytes).unwrap().width(), 200);
    }

    #[test]
    fn a_large_image_is_reduced_and_transparency_kept_in_png() {
        let mut out = Vec::new();
        RgbaImage::from_pixel(3000, 1000, Rgba([10, 20, 30, 128]))
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        let stored = picture_from_bytes(&out).unwrap();
        assert_eq!((stored.media_type, stored.width, stored.height), ("image/png", 2048, 683));
        let small = picture_from_bytes(&jpeg(800, 600)).unwrap();
        assert_eq!((small.width, small.height), (800, 600), "a small photo keeps its size");
    }

    #[test]
    fn what_is_not_a_reasonable_picture_is_refused_in_french() {
        assert!(picture_from_bytes(b"GIF89a\x01\0\x01\0\0\0\0;").unwrap_err().contains("GIF ne sont pas acceptées"));
        assert!(picture_from_bytes(b"pas une image du tout").unwrap_err().contains("pas une image lisible"));
        let mut truncated = jpeg(300, 300);
        truncated.truncate(200);
        assert!(picture_from_bytes(&truncated).unwrap_err().contains("pas une image lisible"));
        // A header that declares 20 000 × 20 000 pixels is refused before anything is decoded.
        let mut png = Vec::new();
        RgbImage::new(1, 1).write_to(&mut Cursor::new(&mut png), ImageFormat::Png).unwrap();
        png[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        let refused = picture_from_bytes(&png).unwrap_err();
        assert!(refused.contains("20000 × 20000 pixels"), "{refused}");
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
}
