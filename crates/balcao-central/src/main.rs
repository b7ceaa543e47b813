//! `balcao-central`: the reference central server, and its admin subcommands.
//!
//! `serve` runs the API; the other subcommands are what an operator does by hand, each against the same
//! database (`--database-url`, or `DATABASE_URL`): create spots and mediators, make enrollment codes for
//! new counter PCs and tokens for coordinators, make a signing key, and migrate the schema. Secrets are
//! printed once on stdout (so they can be piped) and stored only hashed; everything else goes to stderr.
//! Logs go to stderr through `tracing` (`RUST_LOG` filters them, default `info`).

use anyhow::{Context, Result, bail};
use balcao_central::{AppState, Options, admin, api, app, bundle, db};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "balcao-central", version, about = "The central server of Balcão")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct Database {
    /// PostgreSQL URL, e.g. postgres://balcao@localhost/balcao.
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
}

#[derive(Subcommand)]
enum Command {
    /// Run the API server (migrates the schema and signs the catalogue first).
    Serve {
        #[command(flatten)]
        db: Database,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// The catalogue folder to sign and serve (the repository's `catalogue/` format).
        #[arg(long)]
        catalogue: PathBuf,
        /// The Ed25519 secret key file: 32 raw bytes, or 64 hex digits, or base64.
        #[arg(long)]
        signing_key: PathBuf,
        /// Days a signed bundle stays valid.
        #[arg(long, default_value_t = 30)]
        bundle_days: u32,
        /// Maximum database connections.
        #[arg(long, default_value_t = 16)]
        pool_size: usize,
    },
    /// Manage spots (Espaços do Cidadão).
    Spot {
        #[command(subcommand)]
        command: SpotCommand,
    },
    /// Make a one-time enrollment code for a new counter PC of SPOT; prints the code.
    EnrollmentCode {
        #[command(flatten)]
        db: Database,
        /// The spot code, e.g. EC-0420.
        spot: String,
        /// Days the code stays valid.
        #[arg(long, default_value_t = admin::DEFAULT_CODE_DAYS)]
        valid_days: u32,
    },
    /// Manage mediators.
    Mediator {
        #[command(subcommand)]
        command: MediatorCommand,
    },
    /// Make a coordinator token (reads every spot's statistics); prints the token.
    CoordinatorToken {
        #[command(flatten)]
        db: Database,
        /// Who the token is for.
        #[arg(long, default_value = "coordinator")]
        name: String,
    },
    /// Write a new Ed25519 signing key (hex) to FILE; prints its public key in base64.
    Keygen {
        /// Where to write the secret key (refuses to overwrite).
        #[arg(long)]
        out: PathBuf,
    },
    /// Apply the schema migrations and exit.
    Migrate {
        #[command(flatten)]
        db: Database,
    },
}

#[derive(Subcommand)]
enum SpotCommand {
    /// Create a spot.
    Create {
        #[command(flatten)]
        db: Database,
        /// The spot code, e.g. EC-0420.
        code: String,
        /// Its name, e.g. "Espaço Cidadão de Vinhais".
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
enum MediatorCommand {
    /// Add a mediator to a spot.
    Create {
        #[command(flatten)]
        db: Database,
        /// The spot code.
        spot: String,
        /// The mediator's login, as configured on the counters.
        login: String,
        /// Their full name.
        #[arg(long)]
        name: String,
    },
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(run(cli.command))
}

fn pool(db: &Database) -> Result<deadpool_postgres::Pool> {
    db::pool(&db.database_url, 4).context("cannot set up the database connection")
}

/// Prints a secret on stdout, alone on its line, so `$(balcao-central …)` captures exactly it.
fn print_secret(secret: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{secret}").context("cannot write to stdout")
}

async fn run(command: Command) -> Result<()> {
    let now = api::now_ms();
    match command {
        Command::Serve {
            db,
            listen,
            catalogue,
            signing_key,
            bundle_days,
            pool_size,
        } => serve(db, listen, catalogue, signing_key, bundle_days, pool_size).await,
        Command::Spot {
            command: SpotCommand::Create { db, code, name },
        } => {
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            admin::create_spot(&pool, &code, &name, now)
                .await
                .with_context(|| format!("cannot create spot {code}"))?;
            eprintln!("spot {code} created");
            Ok(())
        }
        Command::EnrollmentCode { db, spot, valid_days } => {
            if valid_days == 0 {
                bail!("--valid-days must be at least 1");
            }
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            let expires_at = now + i64::from(valid_days) * 86_400_000;
            let code = admin::create_enrollment_code(&pool, &spot, now, expires_at)
                .await
                .with_context(|| format!("cannot make an enrollment code for {spot}"))?;
            eprintln!("one-time enrollment code for {spot}, valid {valid_days} day(s):");
            print_secret(&code)
        }
        Command::Mediator {
            command:
                MediatorCommand::Create {
                    db,
                    spot,
                    login,
                    name,
                },
        } => {
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            admin::create_mediator(&pool, &spot, &login, &name, now)
                .await
                .with_context(|| format!("cannot add mediator {login} to {spot}"))?;
            eprintln!("mediator {login} added to {spot}");
            Ok(())
        }
        Command::CoordinatorToken { db, name } => {
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            let token = admin::create_coordinator_token(&pool, &name, now)
                .await
                .context("cannot make a coordinator token")?;
            eprintln!("coordinator token for {name} (shown only now):");
            print_secret(&token)
        }
        Command::Keygen { out } => keygen(&out),
        Command::Migrate { db } => {
            let pool = pool(&db)?;
            let applied = db::migrate(&pool).await.context("cannot migrate the database")?;
            if applied.is_empty() {
                eprintln!("the schema is up to date (version {})", db::latest_version());
            } else {
                eprintln!("applied migration(s) {applied:?}");
            }
            Ok(())
        }
    }
}

fn keygen(out: &std::path::Path) -> Result<()> {
    let raw = balcao_central::secret::random_bytes::<32>().context("cannot make a key")?;
    let key = ed25519_dalek::SigningKey::from_bytes(&raw);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(out)
        .with_context(|| format!("cannot create {} (it must not exist yet)", out.display()))?;
    file.write_all(bundle::encode_signing_key(&key).as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("secret key written to {}; public key (base64):", out.display());
    print_secret(&bundle::public_key_base64(&key))
}

async fn serve(
    db: Database,
    listen: SocketAddr,
    catalogue: PathBuf,
    signing_key: PathBuf,
    bundle_days: u32,
    pool_size: usize,
) -> Result<()> {
    let key = bundle::read_signing_key(&signing_key)?;
    let pool =
        db::pool(&db.database_url, pool_size.max(1)).context("cannot set up the database connection")?;
    let options = Options {
        bundle_days,
        ..Options::default()
    };
    let state = AppState::new(pool, &catalogue, key, options)
        .await
        .context("cannot start")?;
    tracing::info!(sequence = state.bundle().sequence, "serving catalogue bundle");
    spawn_reload_on_sighup(state.clone());
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    tracing::info!(%listen, "balcao-central listening");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server failed")?;
    tracing::info!("stopped");
    Ok(())
}

/// On SIGHUP, reads and signs the catalogue folder again; a bad folder is logged and the old bundle
/// stays in service.
#[cfg(unix)]
fn spawn_reload_on_sighup(state: AppState) {
    use tokio::signal::unix::{SignalKind, signal};
    tokio::spawn(async move {
        let Ok(mut hangups) = signal(SignalKind::hangup()) else {
            tracing::warn!("cannot listen for SIGHUP; the catalogue is read at start only");
            return;
        };
        while hangups.recv().await.is_some() {
            match state.reload_catalogue().await {
                Ok(sequence) => tracing::info!(sequence, "catalogue reloaded"),
                Err(err) => tracing::error!(%err, "catalogue not reloaded; the previous bundle stays"),
            }
        }
    });
}

#[cfg(not(unix))]
fn spawn_reload_on_sighup(_state: AppState) {}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM; requests in flight then finish before the server exits.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
