"""``python -m govit``: start projects, work user tasks, inspect instances, resolve incidents, deploy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from govit.archived import archived as archived_command
from govit.dossier import dossier as dossier_command
from govit.dossier import overview as overview_command
from govit.form_source import FormNotFound, task_form
from govit.forms import FormError, parse_assignments, validate
from govit.gateway import Gateway, GatewayError, resource_files
from govit.instance_view import read_instance
from govit.messages import CATALOG, MessageError, message_variables
from govit.project import ProjectFileError, load_project
from govit.render import incident_table, instance_report, task_table
from govit.rest import ApiError, RestClient
from govit.settings import ClusterSettings, SettingsError
from govit.users import users_app

app = typer.Typer(
    name="govit",
    help="政务信息化项目: start projects, complete user tasks, inspect instances and deploy, "
    "against the embedded engine or a Camunda 8.8 cluster (ZEEBE_ADDRESS, CAMUNDA_REST_ADDRESS).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(users_app)
console = Console()
errors = Console(stderr=True)

DEFAULT_RESOURCES = [Path("bpmn"), Path("decisions"), Path("forms")]


def fail(message: str) -> NoReturn:
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def settings() -> ClusterSettings:
    try:
        return ClusterSettings.from_env()
    except SettingsError as error:
        fail(str(error))


def rest() -> RestClient:
    return RestClient(settings())


@app.command()
def deploy(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="files or folders; default bpmn/ decisions/ forms/")
    ] = None,
) -> None:
    """Deploy BPMN, DMN and forms in one deployment."""
    try:
        files = resource_files(paths or DEFAULT_RESOURCES)
    except GatewayError as error:
        fail(str(error))
    if not files:
        fail("no .bpmn, .dmn or .form files to deploy")
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    ) as bar:
        job = bar.add_task("deploying", total=len(files))
        try:
            key = Gateway(settings()).deploy(files, on_progress=lambda _: bar.advance(job))
        except GatewayError as error:
            fail(f"deployment rejected: {error}")
    console.print(f"deployed {len(files)} resources to {settings().zeebe_address} (deployment {key})")


@app.command()
def start(project_file: Annotated[Path, typer.Argument(help="project YAML or JSON")]) -> None:
    """Start a project's lifecycle from a project file."""
    try:
        project = load_project(project_file)
        process_id = project.process_id()
        key = Gateway(settings()).start(process_id, project.variables())
    except (ProjectFileError, GatewayError) as error:
        fail(str(error))
    console.print(f"started {process_id} for {project.projectName}: instance {key}")
    if reference := project.application_ref():
        console.print(f"application reference (withdrawal: message application-withdrawn): {reference}")
    console.print(f"next: python -m govit tasks --instance {key}")


@app.command()
def publish(
    name: Annotated[str, typer.Argument(help="message name, e.g. contract-signed")],
    key: Annotated[str, typer.Argument(help="correlation key: the projectId (applicationRef to withdraw)")],
    jurisdiction: Annotated[str, typer.Option(help="LG, HY, LZ, TH or YB")],
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="variable=value the message carries")
    ] = None,
) -> None:
    """Record an outside event (合同已签订, 项目建成, …): publish the message a process waits for."""
    try:
        variables = message_variables(jurisdiction.upper(), name, set_ or [])
        Gateway(settings()).publish_message(name, key, variables)
    except (MessageError, GatewayError) as error:
        fail(str(error))
    correlation = CATALOG[jurisdiction.upper()][name].correlation
    console.print(f"published {name} to {correlation} {key} with {json.dumps(variables, ensure_ascii=False)}")


@app.command()
def tasks(
    instance: Annotated[
        str | None, typer.Option(help="only this instance and the processes it called")
    ] = None,
    group: Annotated[str | None, typer.Option(help="only tasks offered to this candidate group")] = None,
    all_: Annotated[bool, typer.Option("--all", help="completed and canceled tasks too")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List user tasks waiting to be done."""
    filter_: dict[str, Any] = {} if all_ else {"state": "CREATED"}
    if group:
        filter_["candidateGroup"] = group
    try:
        with rest() as client:
            if instance:
                keys = [i["processInstanceKey"] for i in read_instance(client, instance).instances]
                filter_["processInstanceKey"] = {"$in": keys}
            found = client.user_tasks(**filter_)
    except ApiError as error:
        fail(str(error))
    if as_json:
        console.print_json(data=found)
    else:
        console.print(task_table(found))


def _given_values(
    assignments: list[str], variables_json: str | None, schema: dict[str, Any]
) -> dict[str, Any]:
    values = parse_assignments(schema, assignments)
    if variables_json:
        text = (
            Path(variables_json[1:]).read_text(encoding="utf-8")
            if variables_json.startswith("@")
            else variables_json
        )
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as error:
            fail(f"--variables: not JSON: {error.msg}")
        if not isinstance(loaded, dict):
            fail("--variables: expected a JSON object")
        values = {**loaded, **values}
    return values


@app.command()
def complete(
    task_key: Annotated[str, typer.Argument(help="the user task's key (see `tasks`)")],
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="a form field: key=value (repeatable)")
    ] = None,
    variables: Annotated[str | None, typer.Option(help="JSON object of fields, or @file.json")] = None,
    bpmn_dir: Annotated[
        Path, typer.Option(help="where the task's BPMN is, when the cluster serves no form")
    ] = Path("bpmn"),
    forms_dir: Annotated[Path, typer.Option(help="where its form is, when the cluster serves none")] = Path(
        "forms"
    ),
) -> None:
    """Complete a user task with fields checked against its form."""
    try:
        with rest() as client:
            task = client.user_task(task_key)
            if task["state"] != "CREATED":
                fail(f"user task {task_key} is {task['state']}, not waiting")
            schema = task_form(client, task, bpmn_dir, forms_dir)
            values = _given_values(set_ or [], variables, schema)
            existing = client.variables(task["processInstanceKey"])
            validate(schema, values, existing)
            client.complete_user_task(task_key, values)
    except (ApiError, FormError, FormNotFound) as error:
        fail(str(error))
    console.print(f"completed {task.get('name') or task['elementId']} ({task_key})")


@app.command()
def show(instance: Annotated[str, typer.Argument(help="process instance key")]) -> None:
    """Show an instance: the path so far, where it waits, deadlines, incidents and variables."""
    try:
        with rest() as client:
            view = read_instance(client, instance)
            variables = client.variables(instance)
    except ApiError as error:
        fail(str(error))
    console.print(instance_report(view, variables))


def _typed(text: str) -> Any:
    # a value is JSON where it reads as JSON (numbers, true/false, lists, objects), else text
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


@app.command("set-variables")
def set_variables(
    scope: Annotated[str, typer.Argument(help="process instance key, or an element instance's key")],
    set_: Annotated[
        list[str], typer.Option("--set", help="name=value, the value as JSON or text (repeatable)")
    ],
    local: Annotated[
        bool, typer.Option(help="create them in this scope even where an outer scope has the name")
    ] = False,
) -> None:
    """Correct variables of a running instance, as Operate's variable editor does."""
    variables: dict[str, Any] = {}
    for assignment in set_:
        name, sep, text = assignment.partition("=")
        if not sep or not name.strip():
            fail(f"--set {assignment!r}: expected name=value")
        variables[name.strip()] = _typed(text)
    try:
        with rest() as client:
            client.set_variables(scope, variables, local=local)
    except ApiError as error:
        fail(str(error))
    console.print(f"set {', '.join(sorted(variables))} in {scope}")


@app.command()
def incidents(
    instance: Annotated[str | None, typer.Option(help="only this instance")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List open incidents."""
    filter_: dict[str, Any] = {"state": "ACTIVE"}
    if instance:
        filter_["processInstanceKey"] = instance
    try:
        with rest() as client:
            found = client.incidents(**filter_)
    except ApiError as error:
        fail(str(error))
    if as_json:
        console.print_json(data=found)
    else:
        console.print(incident_table(found))


@app.command()
def resolve(
    incident_key: Annotated[str, typer.Argument(help="the incident's key (see `incidents`)")],
    retries: Annotated[int, typer.Option(min=1, help="retries given back to a failed job")] = 3,
) -> None:
    """Resolve an incident; a failed job gets its retries back first, as Operate does."""
    try:
        with rest() as client:
            found = client.incidents(incidentKey=incident_key)
            if not found:
                fail(f"no incident {incident_key}")
            incident = found[0]
            if incident["state"] != "ACTIVE":
                fail(f"incident {incident_key} is {incident['state']}")
            if incident.get("jobKey"):
                Gateway(settings()).update_job_retries(int(incident["jobKey"]), retries)
            client.resolve_incident(incident_key)
    except (ApiError, GatewayError) as error:
        fail(str(error))
    console.print(f"resolved incident {incident_key} at {incident['elementId']}")


@app.command()
def run(
    data_dir: Annotated[Path, typer.Option(help="engine state, registry and documents")] = Path("data"),
    sample: Annotated[Path, typer.Option(help="the project file started as a sample")] = Path(
        "deploy/samples/lg-project.yaml"
    ),
    gateway_port: Annotated[int, typer.Option(help="Zeebe gateway port")] = 26500,
    rest_port: Annotated[int, typer.Option(help="REST API port")] = 8080,
    web_port: Annotated[int, typer.Option(help="web workspace port (sign in with the demo users)")] = 8088,
) -> None:
    """Run engine, deployment, workers and a sample project on this machine, with a live timeline."""
    from govit.local_run import LocalRun

    raise typer.Exit(LocalRun(data_dir, sample, gateway_port, rest_port, console, web_port).run())


@app.command()
def backup(
    destination: Annotated[Path, typer.Argument(help="an empty folder for the backup")],
    data_dir: Annotated[Path, typer.Option(help="the engine's data folder")] = Path("data/engine"),
) -> None:
    """Back up the embedded engine's store while it runs (备份引擎数据)."""
    from govit.store_backup import BackupError, back_up

    try:
        console.print(back_up(data_dir, destination), highlight=False, soft_wrap=True)
    except BackupError as error:
        fail(str(error))


@app.command()
def restore(
    backup_folder: Annotated[Path, typer.Argument(help="a folder written by govit backup")],
    data_dir: Annotated[Path, typer.Option(help="a fresh folder for the engine's data")] = Path(
        "data/engine"
    ),
) -> None:
    """Restore a backup into a fresh data folder, then start the engine on it (恢复引擎数据)."""
    from govit.store_backup import BackupError, restore_into

    try:
        console.print(restore_into(backup_folder, data_dir), highlight=False, soft_wrap=True)
    except BackupError as error:
        fail(str(error))


@app.command(name="purge-history")
def purge_history(
    years: Annotated[int, typer.Option(help="keep ended instances this many years after they ended")],
    data_dir: Annotated[Path, typer.Option(help="the engine's data folder (engine stopped)")] = Path(
        "data/engine"
    ),
) -> None:
    """Remove ended instances older than the retention from the engine's history (清理过期历史)."""
    from govit.history_purge import PurgeError
    from govit.history_purge import purge_history as purge

    try:
        console.print(purge(data_dir, years), highlight=False, soft_wrap=True)
    except PurgeError as error:
        fail(str(error))


app.command(name="dossier")(dossier_command)
app.command(name="archived")(archived_command)
app.command(name="overview")(overview_command)
