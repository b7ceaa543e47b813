//! Test-only helpers: a throwaway PostgreSQL cluster, and free TCP ports.
//!
//! The central server keeps its records in PostgreSQL, and its tests must run against the real thing:
//! deduplication, conflicts and "one request, one transaction" are properties of PostgreSQL's
//! transactions and constraints, and a mock would only test the mock. Yet a developer should not have to
//! run a database server by hand, and tests must not share state with anything else on the machine. So
//! [`PgCluster::start`] makes a brand-new cluster from the PostgreSQL binaries installed on the machine:
//!
//! - **Found, not configured.** The binaries are looked up in `$BALCAO_PG_BINDIR`, then `pg_config
//!   --bindir`, then the newest `/usr/lib/postgresql/*/bin` (Debian's layout), then `PATH`. When none
//!   is found the test stops with a message naming the package to install.
//! - **Private and fast.** `initdb` writes into a fresh directory under `/tmp` (trust authentication,
//!   superuser `postgres`, UTF-8, `--no-sync`), and the server listens only on 127.0.0.1, on a port
//!   picked by the kernel ([`free_port`]), with its Unix socket in that directory and `fsync` off: a
//!   test cluster needs no durability, and starting one takes about a second.
//! - **Root-proof.** `initdb` and `postgres` refuse to run as root, and CI containers often run as
//!   root. When the effective uid is 0 the directory is handed to the `postgres` system user (the
//!   Debian package creates it) and every binary runs through `runuser -u postgres --`.
//! - **Cleaned up.** [`Drop`] stops the server (`pg_ctl stop -m immediate`) and removes the directory.
//!   A cluster kept in a `static` is never dropped, and a test process may be killed, so every cluster
//!   also has a small watchdog shell process that does the same cleanup once the test process is gone.
//!
//! [`TempDir`] and [`copy_dir`] are the small file helpers such tests need beside it.
//!
//! Tests usually share one cluster per test binary ([`PgCluster::shared`]) and take a fresh database
//! each ([`PgCluster::create_database`]), so they stay independent without paying for `initdb` each time.

use std::fmt;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// What to tell a developer whose machine lacks PostgreSQL.
const INSTALL_HINT: &str = "install the PostgreSQL server binaries (Debian/Ubuntu: `apt-get install postgresql`; \
     or set BALCAO_PG_BINDIR to the directory holding initdb, pg_ctl and postgres)";

/// How many times a start is retried with a new port when another process takes the port first.
const START_ATTEMPTS: u32 = 5;

/// A port on 127.0.0.1 that was free a moment ago.
///
/// The kernel picks it (a listener bound to port 0), and the listener is closed before returning, so
/// another process could take it in between; callers that start a server on it should retry on
/// "address in use".
pub fn free_port() -> u16 {
    match TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()) {
        Ok(addr) => addr.port(),
        Err(err) => panic!("cannot bind a TCP listener on 127.0.0.1 to find a free port: {err}"),
    }
}

/// A fresh directory under the system's temporary folder, removed (with its contents) when dropped.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Creates `<tmp>/<prefix>-<pid>-<n>-<nanos>`.
    ///
    /// # Panics
    /// When the directory cannot be created.
    pub fn new(prefix: &str) -> TempDir {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!(
            "{prefix}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        if let Err(err) = std::fs::create_dir_all(&path) {
            panic!("balcao-testkit: cannot create {}: {err}", path.display());
        }
        TempDir { path }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Copies a directory tree (files and folders only), e.g. a fixture into a [`TempDir`].
///
/// # Panics
/// When reading or writing fails.
pub fn copy_dir(from: &Path, to: &Path) {
    let result = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            let target = to.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target)?;
            }
        }
        Ok(())
    })();
    if let Err(err) = result {
        panic!(
            "balcao-testkit: cannot copy {} to {}: {err}",
            from.display(),
            to.display()
        );
    }
}

/// Why a cluster could not be started.
#[derive(Debug)]
pub struct PgError(String);

impl fmt::Display for PgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PgError {}

/// A throwaway PostgreSQL cluster, stopped and deleted when dropped. See the module documentation.
#[derive(Debug)]
pub struct PgCluster {
    /// The temporary directory: `data/` (the cluster), `server.log`, and the Unix socket.
    dir: PathBuf,
    /// Where `initdb`, `pg_ctl`, `createdb` and `postgres` live.
    bindir: PathBuf,
    /// The TCP port on 127.0.0.1.
    port: u16,
    /// Whether the binaries run as the `postgres` user (because this process runs as root).
    as_postgres: bool,
    /// The URL of the database created at start.
    url: String,
    /// Numbers the databases made by [`PgCluster::create_database`].
    next_db: AtomicU32,
    /// The process that cleans up if this value is never dropped.
    watchdog: Mutex<Option<Child>>,
}

impl PgCluster {
    /// Starts a new cluster with a database named `balcao` (see [`PgCluster::url`]).
    ///
    /// # Panics
    /// When PostgreSQL is not installed (the message says what to install) or the cluster does not
    /// start (the message includes the server log).
    pub fn start() -> PgCluster {
        match PgCluster::try_start() {
            Ok(cluster) => cluster,
            Err(err) => panic!("balcao-testkit: cannot start a throwaway PostgreSQL cluster: {err}"),
        }
    }

    /// Starts a new cluster, or says why it could not.
    pub fn try_start() -> Result<PgCluster, PgError> {
        let bindir = find_bindir()?;
        let as_postgres = running_as_root();
        let dir = make_temp_dir(as_postgres)?;
        let mut cluster = PgCluster {
            dir,
            bindir,
            port: 0,
            as_postgres,
            url: String::new(),
            next_db: AtomicU32::new(0),
            watchdog: Mutex::new(None),
        };
        // From here on, dropping `cluster` cleans up whatever was made.
        cluster.start_watchdog();
        cluster.initdb()?;
        let mut last_error = PgError("not started".to_owned());
        for _ in 0..START_ATTEMPTS {
            cluster.port = free_port();
            match cluster.pg_ctl_start() {
                Ok(()) => {
                    cluster.wait_ready()?;
                    cluster.createdb("balcao")?;
                    cluster.url = cluster.url_for("balcao");
                    return Ok(cluster);
                }
                Err(err) => last_error = err,
            }
        }
        Err(last_error)
    }

    /// One cluster for the whole test binary, started on first use.
    ///
    /// A `static` is never dropped; the watchdog stops the cluster and removes its directory when the
    /// test process exits. Take a database per test with [`PgCluster::create_database`].
    pub fn shared() -> &'static PgCluster {
        static SHARED: OnceLock<PgCluster> = OnceLock::new();
        SHARED.get_or_init(PgCluster::start)
    }

    /// `postgres://postgres@127.0.0.1:<port>/balcao`: the database created at start.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The TCP port the server listens on (127.0.0.1 only).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL of database `name` in this cluster (which need not exist).
    pub fn url_for(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Creates a new, empty database with a unique name and returns its URL.
    ///
    /// # Panics
    /// When `createdb` fails (the message includes its output).
    pub fn create_database(&self) -> String {
        let n = self.next_db.fetch_add(1, Ordering::Relaxed);
        let name = format!("test_{n}");
        if let Err(err) = self.createdb(&name) {
            panic!("balcao-testkit: {err}");
        }
        self.url_for(&name)
    }

    /// The server log so far (for a failing test's message).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    /// Stops the server (`pg_ctl stop -m fast`: clients are disconnected, nothing is lost) and keeps
    /// the cluster, for tests of a database that goes away; [`PgCluster::start_again`] brings it back.
    ///
    /// # Errors
    /// When `pg_ctl stop` fails (the message includes its output).
    pub fn stop(&self) -> Result<(), PgError> {
        let mut command = self.command("pg_ctl");
        command
            .arg("stop")
            .arg("-D")
            .arg(self.data_dir())
            .args(["-m", "fast", "-w", "-t", "60"]);
        run(command, "pg_ctl stop")
    }

    /// Starts a server stopped by [`PgCluster::stop`] again, on the same port, and waits until it
    /// accepts connections.
    ///
    /// # Errors
    /// When it does not start (the message includes the server log).
    pub fn start_again(&self) -> Result<(), PgError> {
        self.pg_ctl_start()?;
        self.wait_ready()
    }

    /// Runs `sql` with `psql` on database `db` as the superuser; returns what it printed (unaligned,
    /// tuples only).
    ///
    /// # Errors
    /// When `psql` fails or the statement does (the message includes its output).
    pub fn psql(&self, db: &str, sql: &str) -> Result<String, PgError> {
        let mut command = self.client_command("psql");
        command.args(["-d", db, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql]);
        let out = output(command, "psql")?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(PgError(format!(
                "psql failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            )))
        }
    }

    /// Whether the binaries run as the `postgres` system user (this process is root): a directory the
    /// server must write to is then to be handed to that user.
    pub fn runs_as_postgres(&self) -> bool {
        self.as_postgres
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// A command for one of the PostgreSQL binaries, run as `postgres` when this process is root.
    fn command(&self, program: &str) -> Command {
        let binary = self.bindir.join(program);
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.arg("-u").arg("postgres").arg("--").arg(binary);
            command
        } else {
            Command::new(binary)
        }
    }

    fn initdb(&self) -> Result<(), PgError> {
        let mut command = self.command("initdb");
        command.arg("-D").arg(self.data_dir()).args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ]);
        run(command, "initdb")
    }

    fn pg_ctl_start(&self) -> Result<(), PgError> {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off",
            self.port,
            self.dir.display()
        );
        let mut command = self.command("pg_ctl");
        command
            .arg("start")
            .arg("-D")
            .arg(self.data_dir())
            .arg("-l")
            .arg(self.dir.join("server.log"))
            .args(["-w", "-t", "60", "-o"])
            .arg(options);
        run(command, "pg_ctl start").map_err(|err| PgError(format!("{err}\nserver log:\n{}", self.log())))
    }

    /// Waits until the server answers on its TCP port (`pg_ctl -w` already waited for the socket).
    fn wait_ready(&self) -> Result<(), PgError> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let mut command = self.client_command("pg_isready");
            command.arg("-q");
            match output(command, "pg_isready") {
                Ok(out) if out.status.success() => return Ok(()),
                _ if Instant::now() > deadline => {
                    return Err(PgError(format!(
                        "the server did not accept connections on 127.0.0.1:{} within 30 s\nserver log:\n{}",
                        self.port,
                        self.log()
                    )));
                }
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    fn createdb(&self, name: &str) -> Result<(), PgError> {
        let mut command = self.client_command("createdb");
        command.arg(name);
        run(command, "createdb")
    }

    /// `program`, a client of this cluster (`psql`, `pg_isready`, `createdb`), already pointed at its
    /// server: 127.0.0.1, its port, the superuser.
    fn client_command(&self, program: &str) -> Command {
        let mut command = self.command(program);
        command.args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres"]);
        command
    }

    /// Starts the shell process that stops the cluster and removes its directory once this process
    /// has exited (checked every half second with `kill -0`, which a process may always send to
    /// processes of its own user).
    fn start_watchdog(&self) {
        let pg_ctl = self.bindir.join("pg_ctl");
        let stop = if self.as_postgres {
            format!(
                "runuser -u postgres -- '{}' stop -D \"$2/data\" -m immediate",
                pg_ctl.display()
            )
        } else {
            format!("'{}' stop -D \"$2/data\" -m immediate", pg_ctl.display())
        };
        let script = format!(
            "while kill -0 \"$1\" 2>/dev/null; do sleep 0.5; done; \
             if [ -d \"$2/data\" ]; then {stop}; fi; rm -rf \"$2\""
        );
        let child = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg("balcao-testkit-watchdog")
            .arg(std::process::id().to_string())
            .arg(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        // Without a watchdog the cluster is still cleaned up on drop; only a killed test leaks it.
        if let (Ok(child), Ok(mut slot)) = (child, self.watchdog.lock()) {
            *slot = Some(child);
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if self.data_dir().join("postmaster.pid").exists() {
            let mut command = self.command("pg_ctl");
            command
                .arg("stop")
                .arg("-D")
                .arg(self.data_dir())
                .args(["-m", "immediate", "-w"]);
            let _ = output(command, "pg_ctl stop");
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Ok(mut slot) = self.watchdog.lock()
            && let Some(mut child) = slot.take()
        {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Runs a command with its output captured.
fn output(mut command: Command, what: &str) -> Result<Output, PgError> {
    command
        .stdin(Stdio::null())
        .output()
        .map_err(|err| PgError(format!("cannot run {what} ({command:?}): {err}; {INSTALL_HINT}")))
}

/// Runs a command and fails with its output unless it succeeds.
fn run(command: Command, what: &str) -> Result<(), PgError> {
    let out = output(command, what)?;
    if out.status.success() {
        Ok(())
    } else {
        Err(PgError(format!(
            "{what} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )))
    }
}

/// The directory holding `initdb`, `pg_ctl` and `postgres`.
fn find_bindir() -> Result<PathBuf, PgError> {
    let has_server = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("BALCAO_PG_BINDIR") {
        let dir = PathBuf::from(dir);
        return if has_server(&dir) {
            Ok(dir)
        } else {
            Err(PgError(format!(
                "BALCAO_PG_BINDIR={} holds no initdb and pg_ctl; {INSTALL_HINT}",
                dir.display()
            )))
        };
    }
    // `pg_config` may come from the client library package alone, so its answer is checked too.
    if let Ok(out) = Command::new("pg_config")
        .arg("--bindir")
        .stderr(Stdio::null())
        .output()
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if has_server(&dir) {
            return Ok(dir);
        }
    }
    // Debian and Ubuntu install each major version side by side; the newest wins.
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, dir)| has_server(dir))
        .collect();
    versions.sort();
    if let Some((_, dir)) = versions.pop() {
        return Ok(dir);
    }
    std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .find(|dir| has_server(dir))
        .ok_or_else(|| {
            PgError(format!(
                "no PostgreSQL server binaries (initdb, pg_ctl) found in pg_config --bindir, \
                 /usr/lib/postgresql/*/bin or PATH; {INSTALL_HINT}"
            ))
        })
}

/// Whether this process runs with effective uid 0.
#[cfg(unix)]
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    // On Linux `/proc/self` belongs to the effective uid; elsewhere `id -u` says it.
    if let Ok(meta) = std::fs::metadata("/proc/self") {
        return meta.uid() == 0;
    }
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn running_as_root() -> bool {
    false
}

/// Creates a fresh directory under `/tmp` (short, so the Unix socket path stays under its limit), owned
/// by `postgres` when the binaries will run as that user.
fn make_temp_dir(as_postgres: bool) -> Result<PathBuf, PgError> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let base = if cfg!(unix) {
        PathBuf::from("/tmp")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!(
        "balcao-pg-{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir(&dir).map_err(|err| PgError(format!("cannot create {}: {err}", dir.display())))?;
    if as_postgres {
        give_to_postgres(&dir)?;
    }
    Ok(dir)
}

#[cfg(unix)]
fn give_to_postgres(dir: &Path) -> Result<(), PgError> {
    let id = |flag: &str| -> Result<u32, PgError> {
        let out = Command::new("id")
            .args([flag, "postgres"])
            .output()
            .map_err(|err| PgError(format!("cannot run `id {flag} postgres`: {err}")))?;
        String::from_utf8_lossy(&out.stdout).trim().parse::<u32>().map_err(|_| {
            PgError(format!(
                "running as root, but there is no `postgres` system user to run PostgreSQL as; {INSTALL_HINT}"
            ))
        })
    };
    let (uid, gid) = (id("-u")?, id("-g")?);
    std::os::unix::fs::chown(dir, Some(uid), Some(gid))
        .map_err(|err| PgError(format!("cannot give {} to postgres: {err}", dir.display())))
}

#[cfg(not(unix))]
fn give_to_postgres(_dir: &Path) -> Result<(), PgError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_ports_are_nonzero_and_bindable() {
        // A port is free when asked, not forever: another test of this binary (a cluster starting) may
        // take it in between, so one of a few tries must bind.
        let bound = (0..5).any(|_| {
            let port = free_port();
            assert_ne!(port, 0);
            TcpListener::bind(("127.0.0.1", port)).is_ok()
        });
        assert!(bound, "none of 5 free ports could be bound");
    }

    #[test]
    fn a_cluster_starts_serves_and_is_removed_on_drop() {
        let cluster = PgCluster::start();
        assert!(cluster.url().starts_with("postgres://postgres@127.0.0.1:"));
        let second = cluster.create_database();
        assert!(second.ends_with("/test_0"));
        // The server accepts TCP connections on its port.
        std::net::TcpStream::connect(("127.0.0.1", cluster.port())).unwrap();
        let dir = cluster.dir.clone();
        assert!(dir.join("data").is_dir());
        drop(cluster);
        assert!(!dir.exists(), "the cluster directory is removed on drop");
    }
}
