//! Names and words that belong to another program or product: they are
//! kept whatever the migration, with the program named. An occurrence in a
//! URL of another site (`github.com/msgpack/msgpack/blob/master`), a word
//! after a proper name in mid-sentence ("the Kubernetes master", "a
//! Puppet master"), and a name that spells such a phrase elsewhere
//! (`salt_master`).

use crate::words::capitalized;

use super::context::{Found, Open};
use super::past::key_of;
use super::*;

impl<'a> Classifier<'a> {
    /// What says, by the occurrence alone, that it is another program's.
    pub(super) fn other_program(&self, o: &Occurrence) -> Option<Decided> {
        if let Some(url) = o.context.url.as_deref() {
            return self.url_elsewhere(o, url);
        }
        if let Some(declared) = self.build_name(o) {
            return decided(Category::OTHER_PROGRAM, declared, Confidence::Medium);
        }
        if o.context.proper_before && is_bare_word(o) {
            let name = o.context.before().next().unwrap_or_default();
            // A proper name that is one of the migration's own words
            // ("Session run") qualifies nothing of another program.
            let own_word = [&self.config.from, &self.config.to]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(name));
            if !own_word {
                return decided(
                    Category::OTHER_PROGRAM,
                    reason!(
                        self,
                        "\"{} {}\": a proper name's {}, another product's term",
                        capitalized(name),
                        o.word,
                        o.word
                    ),
                    Confidence::Medium,
                );
            }
        }
        None
    }

    /// A name declared in a file another program reads (a Make target or
    /// variable, a key of a CI workflow, of Docker Compose, of a hook
    /// manager): that program and whoever calls it use it by that name.
    fn build_name(&self, o: &Occurrence) -> Option<String> {
        let program = program_reading(&o.path)?;
        let what = match o.role {
            Role::BuildTarget => "a Make target",
            Role::VariableDeclaration | Role::VariableUse if program == MAKE => "a Make variable",
            Role::DataKey => "a key",
            _ => return None,
        };
        Some(reason!(
            self,
            "`{}` is {what} of `{}`, which {program} reads: {program} and whoever runs it use \
             the name",
            o.text,
            o.path.rsplit('/').next().unwrap_or(&o.path)
        ))
    }

    /// A word in a URL of a site that is not one of the roots' own (their
    /// module paths and manifests' URLs, or a code host's repository named
    /// as a root) belongs to that site: a branch or path of another
    /// project.
    fn url_elsewhere(&self, o: &Occurrence, url: &str) -> Option<Decided> {
        let site = site_of(url);
        let at_home = self.homes.iter().any(|home| {
            url.strip_prefix(home.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        });
        let named_as_root = site != url.split('/').next().unwrap_or(url)
            && self.config.roots.iter().any(|r| {
                site.rsplit('/')
                    .next()
                    .is_some_and(|repository| repository.eq_ignore_ascii_case(&r.name))
            });
        if at_home || named_as_root {
            return None;
        }
        decided(
            Category::OTHER_PROGRAM,
            reason!(
                self,
                "in a URL of `{site}`, which is not one of the roots' own sites: `{}` is that \
                 site's",
                o.text
            ),
            Confidence::Medium,
        )
    }
}

const MAKE: &str = "make";

/// The program that reads a file by its path, for the files of build
/// tools, CI services and developer tools that hold names of their own.
pub(super) fn program_reading(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let folders = &path[..path.len() - name.len()];
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    let in_folder = |folder: &str| folders.starts_with(&folder[1..]) || folders.contains(folder);
    Some(match name {
        _ if crate::syntax::make::is_makefile(path) => MAKE,
        _ if yaml && in_folder("/.github/workflows/") => "GitHub Actions",
        _ if yaml && (in_folder("/.buildkite/") || in_folder("/buildkite/")) => "Buildkite",
        _ if in_folder("/.circleci/") => "CircleCI",
        ".gitlab-ci.yml" => "GitLab CI",
        ".travis.yml" => "Travis CI",
        "dependabot.yml" | "dependabot.yaml" => "Dependabot",
        ".pre-commit-config.yaml" => "pre-commit",
        ".golangci.yml" | ".golangci.yaml" => "golangci-lint",
        ".goreleaser.yml" | ".goreleaser.yaml" => "GoReleaser",
        "codecov.yml" | ".codecov.yml" => "Codecov",
        "Taskfile.yml" | "Taskfile.yaml" => "Task",
        "package.json" => "npm",
        _ if yaml && (name.starts_with("docker-compose") || name.starts_with("compose.")) => {
            "Docker Compose"
        }
        _ if yaml && name.starts_with("lefthook") => "lefthook",
        _ if yaml && name.starts_with("azure-pipelines") => "Azure Pipelines",
        _ => return None,
    })
}

/// The site a URL's host and path name: a code host's owner and
/// repository (`github.com/msgpack/msgpack`), else the host.
fn site_of(url: &str) -> &str {
    const CODE_HOSTS: [&str; 4] = ["github.com", "gitlab.com", "bitbucket.org", "codeberg.org"];
    let host_end = url.find('/').unwrap_or(url.len());
    if !CODE_HOSTS.contains(&&url[..host_end]) {
        return &url[..host_end];
    }
    let mut slashes = url.match_indices('/').map(|(at, _)| at).skip(2);
    &url[..slashes.next().unwrap_or(url.len())]
}

impl<'a> Classifier<'a> {
    /// A name that spells a proper name's thing found in prose anywhere in
    /// the roots ("Salt master" makes `salt_master` the same product's).
    pub(super) fn by_proper_phrase(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let occurrences = &self.occurrences;
        // The proper names, lowercased, with where each was read.
        let mut names: HashMap<&str, usize> = HashMap::new();
        for j in open.indices() {
            let o = occurrences[j];
            let other = decisions[j]
                .as_ref()
                .is_some_and(|d| d.category == Category::OTHER_PROGRAM);
            if other && o.context.proper_before && o.context.url.is_none() {
                if let Some(name) = o.context.before().next() {
                    names.entry(name).or_insert(j);
                }
            }
        }
        if names.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        for i in open.indices() {
            let o = occurrences[i];
            if decisions[i].is_some() || o.term != TermSide::From || is_bare_word(o) {
                continue;
            }
            // The word of the name just before the old word's.
            let words = termshift_words::split_words(&o.text);
            let Some(at) = words.iter().position(|w| w.start == o.word_at) else {
                continue;
            };
            let Some(previous) = at
                .checked_sub(1)
                .map(|p| o.text[words[p].clone()].to_lowercase())
            else {
                continue;
            };
            if let Some(&j) = names.get(previous.as_str()) {
                let p = occurrences[j];
                found.push(Found {
                    index: i,
                    by_domain: false,
                    category: Category::OTHER_PROGRAM,
                    reason: reason!(
                        self,
                        "`{}` spells \"{} {}\", another product's term ({}/{}:{})",
                        o.text,
                        capitalized(&previous),
                        p.word,
                        p.repo,
                        p.path,
                        p.line
                    ),
                    confidence: Confidence::Medium,
                    by_name: false,
                });
            }
        }
        found
    }
}

impl<'a> Classifier<'a> {
    /// A name that another program's file declares (a Make target, a
    /// Compose service, a CI job) means it wherever it is written: `make
    /// integration-test` in a README, `run: integration-test-mysql` in a
    /// pipeline. The word alone is no such name.
    pub(super) fn by_build_name(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let occurrences = &self.occurrences;
        let mut declared: HashMap<&str, usize> = HashMap::new();
        for j in open.indices() {
            let o = occurrences[j];
            if !is_bare_word(o) && self.build_name(o).is_some() {
                declared.entry(o.text.as_str()).or_insert(j);
            }
        }
        if declared.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        for i in open.indices() {
            let o = occurrences[i];
            if decisions[i].is_some() || o.term != TermSide::From {
                continue;
            }
            if let Some(&j) = declared.get(o.text.as_str()) {
                let d = occurrences[j];
                let program = program_reading(&d.path).unwrap_or_default();
                found.push(Found {
                    index: i,
                    by_domain: false,
                    category: Category::OTHER_PROGRAM,
                    reason: reason!(
                        self,
                        "`{}` is declared in `{}/{}:{}`, which {program} reads: the name is \
                         {program}'s",
                        o.text,
                        d.repo,
                        d.path,
                        d.line
                    ),
                    confidence: Confidence::Medium,
                    by_name: false,
                });
            }
        }
        found
    }
}

impl<'a> Classifier<'a> {
    /// A field, method, type or function used in code that no code of the
    /// roots declares (`cmd.RunE`, `cobra.Command{PersistentPreRunE: ..}`)
    /// belongs to an imported package: another program's name.
    pub(super) fn by_declared_nowhere(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let occurrences = &self.occurrences;
        let mut declared: foldhash::HashSet<String> = foldhash::HashSet::default();
        for j in open.indices() {
            let o = occurrences[j];
            if declares(o.role) && !self.is_doc(o, self.files[j]) {
                declared.insert(key_of(&o.text));
            }
        }
        let mut found = Vec::new();
        for i in open.indices() {
            let o = occurrences[i];
            let used = matches!(
                o.role,
                Role::FieldUse | Role::MethodUse | Role::TypeUse | Role::FunctionUse
            );
            if decisions[i].is_some()
                || o.term != TermSide::From
                || !used
                || self.is_doc(o, self.files[i])
                || declared.contains(&key_of(&o.text))
            {
                continue;
            }
            let through = o
                .qualifier
                .as_deref()
                .map(|q| format!(" (through `{q}`)"))
                .unwrap_or_default();
            found.push(Found {
                index: i,
                by_domain: false,
                category: Category::OTHER_PROGRAM,
                reason: reason!(
                    self,
                    "no code of the roots declares `{}`{through}: it is an imported package's",
                    o.text
                ),
                confidence: Confidence::Medium,
                by_name: false,
            });
        }
        found
    }
}

/// Roles that declare a name or a key the roots' code then reads.
fn declares(role: Role) -> bool {
    role.declares_code_name()
        || matches!(
            role,
            Role::PackageDeclaration
                | Role::ProtoMessage
                | Role::ProtoField
                | Role::ProtoEnum
                | Role::ProtoService
                | Role::SqlColumn
                | Role::SqlTable
                | Role::SqlIndex
                | Role::ObjectKey
                | Role::StructTagKey
                | Role::DataKey
        )
}
