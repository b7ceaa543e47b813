//! Measurement hooks for the renderer benchmark (`scripts/bench-app`), off unless asked for.
//!
//! The issue asks to choose the renderer (glow or wgpu) by measurement: cold start to the first frame of
//! both windows, idle CPU, memory, and the CPU time of a frame on the attendance screen. The first two
//! need no help from the app beyond saying *when* each window drew its first frame; the last needs the
//! app to put an attendance on screen and repaint continuously for a while. Both are switched on by
//! environment variables so the shipped binary behaves exactly as usual otherwise:
//!
//! - `BALCAO_TIMING=FILE`: append `first-frame <window> <unix-ms>` lines to FILE;
//! - `BALCAO_BENCH_FRAMES=N` (with `BALCAO_TIMING`): start a demo attendance on the driving-licence
//!   revalidation at step 3, repaint N frames, append `frame-cpu-ms p50 <x> p95 <y> max <z> n <N>`
//!   (eframe's CPU time of the whole frame) and `app-cpu-ms …` (the app's own `logic` + `ui`), and close
//!   the app;
//! - `BALCAO_BENCH_ATTENDANCE=1` (with `BALCAO_TIMING`): start the same demo attendance and leave it
//!   on screen, repainting only as usual, so `scripts/bench-mirror` can measure the live mirror of a
//!   test window (lag, CPU, memory) without typing into the app.

use crate::command::Command;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The measurement hooks of one run.
#[derive(Debug, Default)]
pub struct Probe {
    out: Option<PathBuf>,
    mediator_seen: bool,
    citizen_seen: Arc<AtomicBool>,
    frames_wanted: usize,
    /// Put the demo attendance on screen and leave it there (`BALCAO_BENCH_ATTENDANCE`).
    attendance: bool,
    samples: Vec<f32>,
    /// The app's own share of each frame (`logic` + `ui`), in ms.
    app_samples: Vec<f32>,
    done: bool,
}

fn unix_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}

impl Probe {
    /// Reads the environment; a probe without `BALCAO_TIMING` does nothing.
    pub fn from_env() -> Probe {
        let out = std::env::var_os("BALCAO_TIMING").map(PathBuf::from);
        let frames_wanted = std::env::var("BALCAO_BENCH_FRAMES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let attendance = std::env::var("BALCAO_BENCH_ATTENDANCE").is_ok_and(|v| v == "1");
        Probe {
            frames_wanted: if out.is_some() { frames_wanted } else { 0 },
            attendance: out.is_some() && attendance,
            out,
            ..Probe::default()
        }
    }

    /// Whether any measurement is on.
    pub fn active(&self) -> bool {
        self.out.is_some()
    }

    fn write(out: &Option<PathBuf>, line: &str) {
        let Some(path) = out else { return };
        // A failed measurement must not disturb the app: the benchmark notices the missing line.
        if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
            let _ = writeln!(f, "{line}");
        }
    }

    /// The commands that put the benchmark's attendance on screen.
    pub fn setup_commands(&self) -> Vec<Command> {
        if self.frames_wanted == 0 && !self.attendance {
            return Vec::new();
        }
        vec![
            Command::StartAttendance,
            Command::AddService("imt-revalidar-carta-conducao".into()),
            Command::NextStep,
            Command::NextStep,
        ]
    }

    /// Called by the citizen window's callback: records its first frame (once).
    pub fn citizen_hook(&self) -> impl Fn() + Send + Sync + 'static {
        let seen = Arc::clone(&self.citizen_seen);
        let out = self.out.clone();
        move || {
            if out.is_some() && !seen.swap(true, Ordering::SeqCst) {
                Probe::write(&out, &format!("first-frame citizen {}", unix_ms()));
            }
        }
    }

    /// Called once per mediator frame with eframe's CPU time of the previous frame (seconds) and the
    /// app's own time in it (ms). Returns whether the app should repaint again (benchmark running) and
    /// whether it should close (done).
    pub fn mediator_frame(&mut self, cpu_seconds: Option<f32>, app_ms: f32) -> (bool, bool) {
        if self.out.is_none() {
            return (false, false);
        }
        if !self.mediator_seen {
            self.mediator_seen = true;
            Probe::write(&self.out, &format!("first-frame mediator {}", unix_ms()));
        }
        if self.frames_wanted == 0 || self.done {
            return (false, false);
        }
        // The first frames build fonts and layouts; they are start-up cost, not frame cost.
        const WARM_UP: usize = 10;
        if let Some(s) = cpu_seconds {
            self.samples.push(s * 1000.0);
            self.app_samples.push(app_ms);
        }
        if self.samples.len() < self.frames_wanted + WARM_UP {
            return (true, false);
        }
        for (label, all) in [
            ("frame-cpu-ms", &mut self.samples),
            ("app-cpu-ms", &mut self.app_samples),
        ] {
            let mut v: Vec<f32> = all.split_off(WARM_UP.min(all.len()));
            v.sort_by(f32::total_cmp);
            let at = |q: usize| {
                v.get((v.len() * q / 100).min(v.len().saturating_sub(1)))
                    .copied()
                    .unwrap_or(0.0)
            };
            let max = v.last().copied().unwrap_or(0.0);
            let line = format!(
                "{label} p50 {:.3} p95 {:.3} max {:.3} n {}",
                at(50),
                at(95),
                max,
                v.len()
            );
            Probe::write(&self.out, &line);
        }
        self.done = true;
        (false, true)
    }
}
