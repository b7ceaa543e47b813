//! `balcao-central`: the reference central server, and its admin subcommands.
//!
//! `serve` runs the API; the other subcommands are what an operator does by hand, each against the same
//! database (`--database-url`, or `DATABASE_URL`): create spots and mediators, make enrollment codes for
//! new counter PCs and tokens for coordinators, make a signing key, and migrate the schema. Secrets are
//! printed once on stdout (so they can be piped) and stored only hashed; everything else goes to stderr.
//! Logs go to stderr through `tracing` (`RUST_LOG` filters them, default `info`).

use anyhow::{Context, Result, bail};
use balcao_central::{AppState, Options, accounts, admin, api, app, bundle, db, fleet};
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
        /// Days after an attendance during which its survey (the QR's `/q/…` page) may be answered.
        #[arg(long, default_value_t = 30, env = "BALCAO_CENTRAL_SURVEY_DAYS")]
        survey_days: u32,
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
    /// Make a coordinator token (reads every spot's statistics and manages accounts; with
    /// --host-entity, only that entity's spots); prints the token.
    CoordinatorToken {
        #[command(flatten)]
        db: Database,
        /// Who the token is for.
        #[arg(long, default_value = "coordinator")]
        name: String,
        /// Make it a host entity's token: it sees and manages only the spots that entity hosts
        /// (`spot create --host-entity`). Without it, the token is the network coordination's.
        #[arg(long)]
        host_entity: Option<String>,
    },
    /// List, revoke and rotate coordinator tokens.
    Coordinator {
        #[command(subcommand)]
        command: CoordinatorCommand,
    },
    /// Mediator accounts: create (prints a one-time activation code), disable, enable, unlock, reset.
    Account {
        #[command(subcommand)]
        command: AccountCommand,
    },
    /// List counter PCs, or revoke one (its next request is refused with the reason).
    Device {
        #[command(subcommand)]
        command: DeviceCommand,
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
        /// The entity that hosts it, e.g. "Câmara Municipal de Vinhais" (given for an existing spot,
        /// moves it to that entity).
        #[arg(long)]
        host_entity: Option<String>,
        /// Its time zone: Europe/Lisbon (the default), Atlantic/Madeira or Atlantic/Azores.
        #[arg(long)]
        time_zone: Option<String>,
    },
}

#[derive(Subcommand)]
enum CoordinatorCommand {
    /// List coordinator tokens (ids, holders, revoked or not; never the tokens).
    List {
        #[command(flatten)]
        db: Database,
    },
    /// Revoke a coordinator token: it stops working at once.
    Revoke {
        #[command(flatten)]
        db: Database,
        /// The token's id, from `coordinator list`.
        id: uuid::Uuid,
    },
    /// Revoke a coordinator token and print a new one for the same holder.
    Rotate {
        #[command(flatten)]
        db: Database,
        /// The token's id, from `coordinator list`.
        id: uuid::Uuid,
    },
    /// Give a coordinator a login and a password for the web dashboard (`/painel`). The password is
    /// read from the first line of standard input, never from the command line; setting it again
    /// unlocks the account and ends its open sessions.
    Password {
        #[command(flatten)]
        db: Database,
        /// The holder's name, as `coordinator list` shows it.
        #[arg(long)]
        name: String,
        /// The login to sign in with.
        #[arg(long)]
        login: String,
    },
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Create an account; prints the one-time activation code the person types at their first login.
    Create {
        #[command(flatten)]
        db: Database,
        /// The login (letters, digits, dots, dashes), e.g. ana.sousa.
        login: String,
        /// The full name.
        #[arg(long)]
        name: String,
        /// mediador, supervisor or tecnico.
        #[arg(long)]
        role: String,
        /// A spot the person works at (repeat for several).
        #[arg(long = "spot", required = true)]
        spots: Vec<String>,
        /// Days the activation code stays valid.
        #[arg(long, default_value_t = 14)]
        valid_days: u32,
    },
    /// No login at all, on every counter, from its next sync.
    Disable {
        #[command(flatten)]
        db: Database,
        /// The login.
        login: String,
    },
    /// Allow logins again.
    Enable {
        #[command(flatten)]
        db: Database,
        /// The login.
        login: String,
    },
    /// Clear the lockout after too many failed logins, on every counter.
    Unlock {
        #[command(flatten)]
        db: Database,
        /// The login.
        login: String,
    },
    /// A forgotten password: a new activation code (printed); the old password stops working.
    Reset {
        #[command(flatten)]
        db: Database,
        /// The login.
        login: String,
        /// Days the activation code stays valid.
        #[arg(long, default_value_t = 14)]
        valid_days: u32,
    },
}

#[derive(Subcommand)]
enum DeviceCommand {
    /// List counter PCs: spot, name, enrolment, last contact, version, catalogue, revocation.
    List {
        #[command(flatten)]
        db: Database,
    },
    /// Revoke a counter PC (stolen, returned, replaced); what it uploaded stays.
    Revoke {
        #[command(flatten)]
        db: Database,
        /// The device id, from `device list`.
        id: uuid::Uuid,
        /// Why, shown on the counter (e.g. "PC substituído; contacte a coordenação: 210 000 000").
        #[arg(long)]
        reason: String,
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
            survey_days,
        } => {
            serve(
                db,
                listen,
                catalogue,
                signing_key,
                bundle_days,
                pool_size,
                survey_days,
            )
            .await
        }
        Command::Spot {
            command:
                SpotCommand::Create {
                    db,
                    code,
                    name,
                    host_entity,
                    time_zone,
                },
        } => {
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            admin::create_hosted_spot(&pool, &code, &name, host_entity.as_deref(), now)
                .await
                .with_context(|| format!("cannot create spot {code}"))?;
            if let Some(zone) = time_zone {
                admin::set_time_zone(&pool, &code, &zone)
                    .await
                    .with_context(|| format!("cannot set the time zone of spot {code}"))?;
            }
            eprintln!("spot {code} created");
            Ok(())
        }
        Command::EnrollmentCode { db, spot, valid_days } => {
            if valid_days == 0 {
                bail!("--valid-days must be at least 1");
            }
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            let expires_at = now + i64::from(valid_days) * balcao_core::time::DAY_MS;
            let code = admin::create_enrollment_code(&pool, &spot, now, expires_at)
                .await
                .with_context(|| format!("cannot make an enrollment code for {spot}"))?;
            eprintln!("one-time enrollment code for {spot}, valid {valid_days} day(s):");
            print_secret(&code)
        }
        Command::Coordinator { command } => coordinator_cmd(command, now).await,
        Command::Device { command } => device_cmd(command, now).await,
        Command::Account { command } => account_cmd(command, now).await,
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
        Command::CoordinatorToken {
            db,
            name,
            host_entity,
        } => {
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            let token = admin::create_entity_token(&pool, &name, host_entity.as_deref(), now)
                .await
                .context("cannot make a coordinator token")?;
            match host_entity {
                Some(entity) => eprintln!(
                    "coordinator token for {name}, for the spots of {entity} only (shown only now):"
                ),
                None => eprintln!("coordinator token for {name} (shown only now):"),
            }
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

async fn coordinator_cmd(command: CoordinatorCommand, now: i64) -> Result<()> {
    match command {
        CoordinatorCommand::List { db } => {
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            let mut out = String::from("id\tholder\tscope\tmade\trevoked\n");
            for c in fleet::list_coordinators(&pool).await? {
                let revoked = c.revoked_at.map_or("-".to_owned(), |at| ago(now, at));
                let scope = c.host_entity.as_deref().unwrap_or("network");
                out += &format!(
                    "{}\t{}\t{scope}\t{}\t{revoked}\n",
                    c.id,
                    c.name,
                    ago(now, c.created_at)
                );
            }
            print_secret(out.trim_end())
        }
        CoordinatorCommand::Revoke { db, id } => {
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            let name = fleet::revoke_coordinator(&pool, id, now).await?;
            eprintln!("coordinator token {id} ({name}) revoked");
            Ok(())
        }
        CoordinatorCommand::Password { db, name, login } => {
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            balcao_central::web::session::set_password(&pool, &name, &login, password, now).await?;
            eprintln!("{name} can now sign in to /painel as {login}");
            Ok(())
        }
        CoordinatorCommand::Rotate { db, id } => {
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            let token = fleet::rotate_coordinator(&pool, id, now).await?;
            eprintln!("coordinator token {id} revoked; the new token (shown once):");
            print_secret(&token)
        }
    }
}

async fn account_cmd(command: AccountCommand, now: i64) -> Result<()> {
    let (db, login, change) = match command {
        AccountCommand::Create {
            db,
            login,
            name,
            role,
            spots,
            valid_days,
        } => {
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            let (id, code) = accounts::create(&pool, &login, &name, &role, &spots, now, valid_days.max(1))
                .await
                .with_context(|| format!("cannot create the account {login}"))?;
            eprintln!("account {login} ({id}) created; its activation code, valid {valid_days} day(s):");
            return print_secret(&code);
        }
        AccountCommand::Reset {
            db,
            login,
            valid_days,
        } => {
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            let code = accounts::reset(&pool, &login, now, valid_days.max(1)).await?;
            eprintln!("account {login}: password cleared; its new activation code:");
            return print_secret(&code);
        }
        AccountCommand::Disable { db, login } => (db, login, accounts::Change::Disable),
        AccountCommand::Enable { db, login } => (db, login, accounts::Change::Enable),
        AccountCommand::Unlock { db, login } => (db, login, accounts::Change::Unlock),
    };
    let pool = pool(&db)?;
    db::migrate(&pool).await.context("cannot migrate the database")?;
    accounts::change(&pool, &login, change, now).await?;
    eprintln!("account {login}: {change:?} done; counters take it at their next sync");
    Ok(())
}

async fn device_cmd(command: DeviceCommand, now: i64) -> Result<()> {
    match command {
        DeviceCommand::List { db } => {
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            let mut out =
                String::from("id\tspot\tname\tenrolled\tlast contact\tversion\tcatalogue\trevoked\n");
            for d in fleet::list_devices(&pool).await? {
                let seen = d.last_seen_at.map_or("never".to_owned(), |at| ago(now, at));
                let revoked = d
                    .revoked
                    .map_or("-".to_owned(), |(at, why)| format!("{} ({why})", ago(now, at)));
                out += &format!(
                    "{}\t{}\t{}\t{}\t{seen}\t{}\t{}\t{revoked}\n",
                    d.id,
                    d.spot,
                    d.name,
                    ago(now, d.enrolled_at),
                    d.app_version.as_deref().unwrap_or("?"),
                    d.catalogue_sequence.map_or("?".to_owned(), |s| s.to_string()),
                );
            }
            print_secret(out.trim_end())
        }
        DeviceCommand::Revoke { db, id, reason } => {
            let pool = pool(&db)?;
            db::migrate(&pool).await.context("cannot migrate the database")?;
            fleet::revoke_device(&pool, id, &reason, now).await?;
            eprintln!("device {id} revoked: its next request is refused, with the reason");
            Ok(())
        }
    }
}

/// How long ago `at` was, for a person: "40 s ago", "12 min ago", "3 h ago", "5 d ago".
fn ago(now: i64, at: i64) -> String {
    let s = (now - at).max(0) / 1000;
    match s {
        0..60 => format!("{s} s ago"),
        60..3600 => format!("{} min ago", s / 60),
        3600..86_400 => format!("{} h ago", s / 3600),
        _ => format!("{} d ago", s / 86_400),
    }
}

async fn serve(
    db: Database,
    listen: SocketAddr,
    catalogue: PathBuf,
    signing_key: PathBuf,
    bundle_days: u32,
    pool_size: usize,
    survey_days: u32,
) -> Result<()> {
    let key = bundle::read_signing_key(&signing_key)?;
    let pool =
        db::pool(&db.database_url, pool_size.max(1)).context("cannot set up the database connection")?;
    let options = Options {
        bundle_days,
        survey_days: survey_days.max(1),
        ..Options::default()
    };
    let state = AppState::new(pool, &catalogue, key, options)
        .await
        .context("cannot start")?;
    tracing::info!(sequence = state.bundle().sequence, "serving catalogue bundle");
    spawn_reload_on_sighup(state.clone());
    balcao_central::rollups::spawn_folding(state.pool().clone());
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    tracing::info!(%listen, "balcao-central listening");
    // The peer address feeds the per-address budget of failed authentications (`guard`).
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
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
