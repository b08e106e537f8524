//! What ships beside the binary: the GitHub Action, the workflow that uses it, the Dockerfile
//! and the licence. Docker cannot run here; the Dockerfile is checked for what it promises, and
//! building its image is a manual step (README).

use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn yaml(rel: &str) -> serde_yaml::Value {
    serde_yaml::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_action_is_a_valid_composite_action() {
    let action = yaml("action.yml");
    assert!(action["name"].as_str().is_some() && action["description"].as_str().is_some());
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let inputs = action["inputs"].as_mapping().expect("inputs");
    let steps = action["runs"]["steps"].as_sequence().expect("steps");
    let ids: Vec<&str> = steps.iter().filter_map(|s| s["id"].as_str()).collect();
    let text = read("action.yml");
    for step in steps {
        // A composite action's `run` steps must name their shell.
        if step.get("run").is_some() {
            assert!(step["shell"].as_str().is_some(), "{step:?}");
        } else {
            assert!(step["uses"].as_str().is_some(), "{step:?}");
        }
    }
    for (i, _) in text.match_indices("inputs.") {
        let name: String = text[i + 7..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert!(
            inputs.contains_key(name.as_str()),
            "undeclared input {name}"
        );
    }
    for (i, _) in text.match_indices("steps.") {
        let id: String = text[i + 6..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert!(ids.contains(&id.as_str()), "no step with id {id}");
    }
    assert!(text.contains("sitegen build --format github"), "{text}");
}

#[test]
fn the_pages_workflow_uses_the_action_with_full_history() {
    let wf = yaml(".github/workflows/pages.yml");
    let steps = wf["jobs"]["build"]["steps"].as_sequence().expect("steps");
    let checkout = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout"))
        })
        .expect("a checkout step");
    assert_eq!(checkout["with"]["fetch-depth"].as_i64(), Some(0));
    assert!(steps.iter().any(|s| s["uses"].as_str() == Some("./")));
    assert!(
        wf["jobs"]["deploy"]["steps"][0]["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/deploy-pages"))
    );
}

#[test]
fn the_dockerfile_is_multi_stage_and_runs_unprivileged() {
    let docker = read("Dockerfile");
    let froms = docker.lines().filter(|l| l.starts_with("FROM ")).count();
    assert!(froms >= 2, "{docker}");
    assert!(docker.contains("COPY --from=build"), "{docker}");
    let user = docker
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("a USER line");
    assert_ne!(user.trim(), "root");
    assert!(docker.contains("ENTRYPOINT [\"sitegen\"]"), "{docker}");
}

#[test]
fn the_licence_is_declared_and_shipped() {
    let cargo = read("Cargo.toml");
    assert!(cargo.contains("license = \"MIT OR Apache-2.0\""), "{cargo}");
    assert!(read("LICENSE-MIT").contains("Permission is hereby granted"));
    assert!(read("LICENSE-APACHE").contains("Apache License"));
}
