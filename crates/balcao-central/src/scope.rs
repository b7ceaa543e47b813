//! Whose spots a caller speaks for: the network coordination sees every spot, a host entity only the
//! spots it hosts, a counter only its own.
//!
//! AMA's coordination runs the network, but the seeds ask for "registo de entidade na plataforma e
//! criação de utilizadores associados": the municipality or parish that hosts a spot creates and
//! manages its own mediators' accounts. A coordinator token made for a host entity
//! (`balcao-central coordinator-token --host-entity …`) therefore carries a [`Scope`] of the spots whose
//! `host_entity` is that entity, read at each request, so a spot moved to another entity leaves the old
//! one's reach at once. Every coordinator endpoint filters by the scope (statistics, refusals, audit
//! alerts, accounts), and every account change checks it before acting ([`crate::accounts`]).
//!
//! The [`Actor`] is the scope plus who acts, so that `account_events` can say which token created,
//! disabled or reset an account; the operator at the server's console is the actor with no token.

use crate::error::ApiError;
use uuid::Uuid;

/// The spots a caller may see and manage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every spot: the network coordination and the operator.
    Network,
    /// Only these spots: a host entity's token, or a counter's (its one spot).
    Spots(Vec<String>),
}

impl Scope {
    /// The spots as a SQL filter: `None` for every spot (`$n::text[] IS NULL OR spot = ANY($n)`).
    pub fn filter(&self) -> Option<Vec<String>> {
        match self {
            Scope::Network => None,
            Scope::Spots(spots) => Some(spots.clone()),
        }
    }

    /// Whether `spot` is in the scope.
    pub fn covers(&self, spot: &str) -> bool {
        match self {
            Scope::Network => true,
            Scope::Spots(spots) => spots.iter().any(|s| s == spot),
        }
    }

    /// The scope narrowed to one spot a caller asked for (`?spot=`): that spot if covered, or an empty
    /// scope (which matches nothing) if not, so a host entity asking for another's spot reads nothing.
    pub fn narrowed(&self, spot: Option<&str>) -> Scope {
        match spot {
            None => self.clone(),
            Some(spot) if self.covers(spot) => Scope::Spots(vec![spot.to_owned()]),
            Some(_) => Scope::Spots(Vec::new()),
        }
    }

    /// The scope narrowed to one spot a caller asked for (`?spot=`), or `403` naming the spot when it
    /// is outside the scope: the newer statistics say so rather than answer an empty list, so a host
    /// entity's desk cannot mistake "not yours" for "nothing there".
    pub fn only(&self, spot: Option<&str>) -> Result<Scope, ApiError> {
        match spot {
            None => Ok(self.clone()),
            Some(spot) if self.covers(spot) => Ok(Scope::Spots(vec![spot.to_owned()])),
            Some(spot) => Err(ApiError::OutOfScope(format!(
                "spot {spot} is not one of this token's spots"
            ))),
        }
    }
}

/// Who acts on the central side, and over which spots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The coordinator token that acts; `None` for the operator at the server's console.
    pub coordinator: Option<Uuid>,
    /// What it may touch.
    pub scope: Scope,
}

impl Actor {
    /// The operator at the console (`balcao-central account …`): every spot, no token.
    pub fn operator() -> Actor {
        Actor {
            coordinator: None,
            scope: Scope::Network,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_entity_covers_only_its_spots_and_narrowing_outside_reads_nothing() {
        let entity = Scope::Spots(vec!["EC-1".into(), "EC-2".into()]);
        assert!(entity.covers("EC-2"));
        assert!(!entity.covers("EC-3"));
        assert_eq!(entity.narrowed(Some("EC-1")), Scope::Spots(vec!["EC-1".into()]));
        assert_eq!(entity.narrowed(Some("EC-3")).filter(), Some(Vec::new()));
        assert_eq!(entity.narrowed(None), entity);
        assert!(Scope::Network.covers("EC-3"));
        assert_eq!(Scope::Network.filter(), None);
        assert_eq!(
            Scope::Network.narrowed(Some("EC-3")),
            Scope::Spots(vec!["EC-3".into()])
        );
    }

    #[test]
    fn asking_for_a_spot_outside_the_scope_is_refused_naming_it() {
        let entity = Scope::Spots(vec!["EC-1".into(), "EC-2".into()]);
        assert_eq!(entity.only(None).unwrap(), entity);
        assert_eq!(
            entity.only(Some("EC-2")).unwrap(),
            Scope::Spots(vec!["EC-2".into()])
        );
        let refused = entity.only(Some("EC-3")).unwrap_err();
        assert_eq!(refused.status(), axum::http::StatusCode::FORBIDDEN);
        assert!(
            matches!(&refused, ApiError::OutOfScope(why) if why.contains("EC-3")),
            "{refused:?}"
        );
        assert_eq!(
            Scope::Network.only(Some("EC-3")).unwrap(),
            Scope::Spots(vec!["EC-3".into()])
        );
    }
}
