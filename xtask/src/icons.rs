//! The installed game's icons: `cargo xtask icons` draws them (a terminal prompt `>_` in the
//! dark theme's accent on its background) and writes the PNGs the manifest names into
//! `web/icons/`. Not an image library: one shape, drawn with supersampling, and the smallest
//! PNG writer that browsers accept. The PNGs are committed; a test fails if they are not what
//! this code draws, so the picture has one source.

use std::{fs, io::Write, path::Path};

use flate2::{write::ZlibEncoder, Compression};

use crate::cmd::Error;

/// The dark theme's background and accent (`web/style.css`), as RGB.
const BACKGROUND: [u8; 3] = [0x11, 0x14, 0x18];
const ACCENT: [u8; 3] = [0xff, 0x7d, 0x5e];
/// Samples per pixel along each axis (so 16 per pixel) for smooth edges.
const SAMPLES: u32 = 4;

/// One icon the manifest names.
pub struct Icon {
    /// File name in `web/icons/`.
    pub file: &'static str,
    /// Width and height in pixels.
    pub size: u32,
    /// Maskable: the background fills the square (the platform cuts its own shape) and the
    /// glyph stays inside the central safe circle.
    pub maskable: bool,
}

/// Every icon, as `web/manifest.webmanifest` lists them.
pub const ICONS: [Icon; 3] = [
    Icon {
        file: "icon-192.png",
        size: 192,
        maskable: false,
    },
    Icon {
        file: "icon-512.png",
        size: 512,
        maskable: false,
    },
    Icon {
        file: "maskable-512.png",
        size: 512,
        maskable: true,
    },
];

/// Writes every icon into `web/icons/`.
pub fn write_all(root: &Path) -> Result<(), Error> {
    let dir = root.join("web/icons");
    fs::create_dir_all(&dir).map_err(|e| Error(format!("{}: {e}", dir.display())))?;
    for icon in &ICONS {
        let path = dir.join(icon.file);
        fs::write(&path, png(icon)?).map_err(|e| Error(format!("{}: {e}", path.display())))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// The icon as PNG bytes.
pub fn png(icon: &Icon) -> Result<Vec<u8>, Error> {
    encode(icon.size, &draw(icon))
}

/// RGBA pixels, row by row.
fn draw(icon: &Icon) -> Vec<u8> {
    let size = icon.size;
    let mut pixels = Vec::with_capacity((size * size * 4) as usize);
    let step = 1.0 / (f64::from(size) * f64::from(SAMPLES));
    for y in 0..size {
        for x in 0..size {
            // Premultiplied sums over the pixel's samples.
            let mut sum = [0.0f64; 4];
            for sy in 0..SAMPLES {
                for sx in 0..SAMPLES {
                    let u = (f64::from(x * SAMPLES + sx) + 0.5) * step;
                    let v = (f64::from(y * SAMPLES + sy) + 0.5) * step;
                    if let Some(rgb) = sample(icon.maskable, u, v) {
                        for (total, channel) in sum.iter_mut().zip(rgb) {
                            *total += f64::from(channel);
                        }
                        sum[3] += 255.0;
                    }
                }
            }
            let count = f64::from(SAMPLES * SAMPLES);
            let alpha = sum[3] / count;
            for channel in &sum[..3] {
                let value = if sum[3] > 0.0 {
                    channel / sum[3] * 255.0
                } else {
                    0.0
                };
                pixels.push(value.round() as u8);
            }
            pixels.push(alpha.round() as u8);
        }
    }
    pixels
}

/// The colour at `(u, v)` in the unit square, or `None` where the icon is transparent.
fn sample(maskable: bool, u: f64, v: f64) -> Option<[u8; 3]> {
    if !maskable && !in_rounded_square(u, v, 0.18) {
        return None;
    }
    // The maskable glyph is smaller: the platform may cut the square down to a circle of
    // 40 % of its size around the centre.
    let scale = if maskable { 0.75 } else { 1.0 };
    let (gu, gv) = (0.5 + (u - 0.5) / scale, 0.5 + (v - 0.5) / scale);
    let stroke = 0.05;
    let strokes = [
        ((0.26, 0.32), (0.45, 0.5)),
        ((0.45, 0.5), (0.26, 0.68)),
        ((0.53, 0.68), (0.74, 0.68)),
    ];
    if strokes
        .iter()
        .any(|&(a, b)| distance_to_segment((gu, gv), a, b) <= stroke)
    {
        Some(ACCENT)
    } else {
        Some(BACKGROUND)
    }
}

fn in_rounded_square(u: f64, v: f64, radius: f64) -> bool {
    let cu = u.clamp(radius, 1.0 - radius);
    let cv = v.clamp(radius, 1.0 - radius);
    (u - cu).powi(2) + (v - cv).powi(2) <= radius * radius
}

fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let t = (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
    ((p.0 - a.0 - t * dx).powi(2) + (p.1 - a.1 - t * dy).powi(2)).sqrt()
}

/// A PNG of `size`×`size` RGBA pixels: signature, IHDR, one zlib IDAT, IEND.
fn encode(size: u32, rgba: &[u8]) -> Result<Vec<u8>, Error> {
    let row = (size * 4) as usize;
    let mut raw = Vec::with_capacity(rgba.len() + size as usize);
    for line in rgba.chunks(row) {
        raw.push(0); // filter: none
        raw.extend_from_slice(line);
    }
    let mut zlib = ZlibEncoder::new(Vec::new(), Compression::best());
    zlib.write_all(&raw)
        .map_err(|e| Error(format!("cannot compress the icon: {e}")))?;
    let data = zlib
        .finish()
        .map_err(|e| Error(format!("cannot compress the icon: {e}")))?;
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&size.to_be_bytes());
    header.extend_from_slice(&size.to_be_bytes());
    // 8 bits per channel, colour type 6 (RGBA), deflate, adaptive filtering, no interlace.
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, body) in [(b"IHDR", &header[..]), (b"IDAT", &data), (b"IEND", &[])] {
        png.extend_from_slice(&(body.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(body);
        let crc = crc32(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    }
    Ok(png)
}

/// CRC-32 (IEEE), as PNG chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_icons_are_the_drawn_ones() {
        let dir = crate::cmd::root().join("web/icons");
        for icon in &ICONS {
            let committed = fs::read(dir.join(icon.file)).expect("the icon is committed");
            let drawn = png(icon).expect("the icon encodes");
            assert!(
                committed == drawn,
                "web/icons/{} is not what `cargo xtask icons` draws: run it and commit",
                icon.file
            );
        }
    }

    #[test]
    fn png_chunks_and_pixels() {
        assert_eq!(
            crc32(b"IEND"),
            0xAE42_6082,
            "the IEND chunk's well-known CRC"
        );
        let icon = &ICONS[0];
        let bytes = png(icon).expect("encodes");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        assert_eq!(
            u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]),
            192
        );
        let pixels = draw(icon);
        // The corner of the rounded square is transparent; the centre of a stroke is accent.
        assert_eq!(pixels[3], 0);
        let at = |x: u32, y: u32| {
            let i = ((y * 192 + x) * 4) as usize;
            [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]]
        };
        assert_eq!(at(86, 96)[..3], ACCENT[..], "the chevron's tip");
        assert_eq!(
            at(96, 20),
            [BACKGROUND[0], BACKGROUND[1], BACKGROUND[2], 255]
        );
        // The maskable icon fills every corner.
        assert_eq!(draw(&ICONS[2])[3], 255);
    }
}
