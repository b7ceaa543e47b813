# Messages of the catalogue checker (crate balcao-catalogue, type Problem).
catalogue-unreadable = could not be read: { $detail }
catalogue-missing-file = { $name } is missing: a catalogue has catalogue.toml, categories.toml and the entities/ folder (see catalogue/README.md)
catalogue-syntax = invalid format: { $detail }
catalogue-missing-field = the key «{ $field }» is missing
catalogue-missing-pt = the text «{ $field }» has no Portuguese version (pt)
catalogue-missing-en = the text «{ $field }» has no English version (en)
catalogue-invalid-id = the id «{ $id }» is invalid: use only lower-case letters without accents, digits and hyphens (for example imt-revalidar-carta-conducao)
catalogue-duplicate-id = the { $kind } «{ $id }» was already defined at { $first }; each id may exist only once
catalogue-entity-file-name = the entity «{ $id }» must be in the file entities/{ $id }.toml
catalogue-service-id-prefix = the service id «{ $id }» must start with «{ $entity }-»
catalogue-unknown-entity = unknown entity «{ $id }»: no file defines it with [entity]
catalogue-no-entity = the file neither defines an entity ([entity]) nor says which one it extends (extends = "id")
catalogue-entity-and-extends = use [entity] to define an entity or extends to add services to another, not both
catalogue-unknown-category = unknown category «{ $id }»: categories are defined in categories.toml
catalogue-not-https = the address «{ $url }» must start with https://
catalogue-invalid-url = the address «{ $url }» is not valid (no spaces, with a domain such as www.example.pt)
catalogue-negative-fee = a fee cannot be negative ({ $cents } cents); a free service has no [[service.fee]]
catalogue-huge-fee = the fee of { $cents } cents is unusually high; check that it is in cents (3000 = 30,00 €)
catalogue-duplicate-fee-variant = the fee variant «{ $variant }» appears twice in this service
catalogue-too-few-steps = the guide has { $count ->
    [one] 1 step
   *[other] { $count } steps
}; a service needs at least 3 ([[service.step]])
catalogue-step-without-mediator-text = step { $step } has no instruction for the mediator (mediator.pt)
catalogue-step-without-citizen-text = step { $step } has no text for the citizen (citizen.pt); it is what the citizen's screen shows
catalogue-question-without-answer = the question does not say which answer lets the citizen go on (proceed_if = true or false)
catalogue-result-days-out-of-range = the result time of { $days } days is outside the allowed range (1 to 365)
catalogue-duration-out-of-range = the duration of { $minutes } minutes is outside the allowed range (1 to 240)
catalogue-empty-list = the list «{ $field }» is empty
catalogue-placeholder = placeholder text «{ $text }»: write the real content
catalogue-bad-date = the date «{ $date }» must be a real date written YYYY-MM-DD
catalogue-entity-without-services = the entity «{ $id }» has no service
catalogue-duplicate-unconfirmed = the fact «{ $fact }» appears twice in unconfirmed
catalogue-synonym-not-one-word = each synonym must be a single word: «{ $word }»
catalogue-unexpected-file = unexpected file in the catalogue folder (only .toml files are read)
catalogue-no-sensitive-step = the service needs authentication but no step has sensitive = true; mark the step where the citizen types the PIN or password, so nothing they type appears on the citizen screen
