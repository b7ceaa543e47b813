//! How much scaling costs: a full 1920×1080 window into a 1024×768 box (the first frame and every target
//! change) and a 200×50 dirty rectangle (a typical keystroke or cursor blink), which must stay small.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use balcao_mirror::Rect;
use balcao_mirror::scale::{Scaler, SourceFormat};
use criterion::{Criterion, criterion_group, criterion_main};

fn source(w: u32, h: u32) -> Vec<u8> {
    (0..w * h)
        .flat_map(|i| [(i % 251) as u8, (i / w % 253) as u8, (i % 7 * 30) as u8, 0])
        .collect()
}

fn bench(c: &mut Criterion) {
    let src = source(1920, 1080);
    let mut scaler = Scaler::fitting((1920, 1080), (1024, 768));
    let mut out = Vec::new();
    c.bench_function("scale full 1920x1080 -> 1024x576", |b| {
        b.iter(|| {
            scaler
                .scale_full(black_box(&src), SourceFormat::Bgrx, &mut out)
                .unwrap()
        });
    });

    let plan = scaler.plan(Rect::new(700, 500, 200, 50)).unwrap();
    let mut part = Vec::new();
    for y in plan.src.y..plan.src.bottom() {
        let off = ((y * 1920 + plan.src.x) * 4) as usize;
        part.extend_from_slice(&src[off..off + plan.src.width as usize * 4]);
    }
    c.bench_function("scale dirty 200x50", |b| {
        b.iter(|| {
            scaler
                .scale_rect(black_box(&part), plan.src, SourceFormat::Bgrx, plan.dst, &mut out)
                .unwrap()
        });
    });

    c.bench_function("scaler tables 1920x1080 -> 1024x576", |b| {
        b.iter(|| Scaler::fitting(black_box((1920, 1080)), (1024, 768)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
