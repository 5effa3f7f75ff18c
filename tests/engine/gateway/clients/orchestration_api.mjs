// The official @camunda8/orchestration-cluster-api 8.8 client driving the engine over REST, as an
// application team would use it. Run with CAMUNDA_SDK_VALIDATION=req:strict,res:fanatical, so the
// client itself fails on any request or response that departs from the 8.8 specification.
//
// usage: node orchestration_api.mjs <step> [args...]; prints one "RESULT <json>" line, exits 1 on error.
//   worker <jobType> <count>           a job worker completing, failing or throwing as each job's
//                                      variable `action` says
//   user-task <processInstanceKey>     find the instance's task, read its variables, complete it
//   incidents <processInstanceKey>     find the instance's incident and its job, give the job a
//                                      retry and resolve the incident
//   decisions <decisionEvaluationKey>  list the evaluation's decision instances and get the first
//   messages <name> <correlationKey>   correlate a message, then publish one with a time to live
//   signal <name>                      broadcast a signal
//   deploy-and-run <bpmnFile> <processId>  deploy, create with and without result, read the XML,
//                                      cancel the rest in a batch (the process-instance routes)
import { readFileSync } from 'node:fs'
import path from 'node:path'
import createCamundaClient from '@camunda8/orchestration-cluster-api'

const camunda = createCamundaClient({
  config: {
    CAMUNDA_REST_ADDRESS: process.env.CAMUNDA_REST_ADDRESS,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_SDK_VALIDATION: 'req:strict,res:fanatical',
    CAMUNDA_SDK_LOG_LEVEL: 'error',
  },
})
const [step, ...args] = process.argv.slice(2)

function done(result) {
  console.log('RESULT ' + JSON.stringify(result))
  process.exit(0)
}

async function worker(jobType, count) {
  const seen = []
  return new Promise((resolve) => {
    const w = camunda.createJobWorker({
      jobType,
      maxParallelJobs: 4,
      jobTimeoutMs: 30_000,
      pollIntervalMs: 50,
      validateSchemas: false,
      jobHandler: async (job) => {
        const action = job.variables.action
        seen.push({ jobKey: job.jobKey, processInstanceKey: job.processInstanceKey, action })
        let receipt
        if (action === 'fail') {
          receipt = await job.fail({ errorMessage: '登记系统不可用', retries: 0, retryBackOff: 0 })
        } else if (action === 'error') {
          receipt = await job.error({ errorCode: 'DOCS_MISSING', errorMessage: '缺少可行性研究报告' })
        } else {
          receipt = await job.complete({ checkedBy: 'orchestration-cluster-api' })
        }
        if (seen.length >= count) {
          setImmediate(async () => {
            await w.stopGracefully({ waitUpToMs: 2000 })
            resolve(seen)
          })
        }
        return receipt
      },
    })
  })
}

async function incidents(processInstanceKey) {
  const wait = { consistency: { waitUpToMs: 5000 } }
  const found = await camunda.searchIncidents({ filter: { processInstanceKey } }, wait)
  const incident = await camunda.getIncident({ incidentKey: found.items[0].incidentKey }, wait)
  const jobs = await camunda.searchJobs({ filter: { processInstanceKey } }, wait)
  await camunda.updateJob({ jobKey: incident.jobKey, changeset: { retries: 1 } })
  await camunda.resolveIncident({ incidentKey: incident.incidentKey })
  return {
    errorType: incident.errorType,
    errorMessage: incident.errorMessage,
    jobStates: jobs.items.map((j) => [j.state, j.retries]),
  }
}

async function userTask(processInstanceKey) {
  const found = await camunda.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED' } }, { consistency: { waitUpToMs: 5000 } })
  const [task] = found.items
  const variables = await camunda.searchUserTaskVariables({ userTaskKey: task.userTaskKey }, { consistency: { waitUpToMs: 5000 } })
  await camunda.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'wang.li', allowOverride: true })
  await camunda.completeUserTask({ userTaskKey: task.userTaskKey, variables: { approved: true } })
  const fetched = await camunda.getUserTask({ userTaskKey: task.userTaskKey }, { consistency: { waitUpToMs: 5000 } })
  return {
    userTaskKey: task.userTaskKey,
    name: task.name,
    candidateGroups: task.candidateGroups,
    variables: Object.fromEntries(variables.items.map((v) => [v.name, v.value])),
    stateAfter: fetched.state,
    assigneeAfter: fetched.assignee,
  }
}

async function decisions(decisionEvaluationKey) {
  const definitions = await camunda.searchDecisionDefinitions({ filter: { decisionDefinitionId: 'route' } }, { consistency: { waitUpToMs: 5000 } })
  const xml = await camunda.getDecisionDefinitionXml(
    { decisionDefinitionKey: definitions.items[0].decisionDefinitionKey },
    { consistency: { waitUpToMs: 5000 } },
  )
  const requirements = await camunda.searchDecisionRequirements({}, { consistency: { waitUpToMs: 5000 } })
  const found = await camunda.searchDecisionInstances({ filter: { decisionEvaluationKey } }, { consistency: { waitUpToMs: 5000 } })
  const first = await camunda.getDecisionInstance(
    { decisionEvaluationInstanceKey: found.items[0].decisionEvaluationInstanceKey },
    { consistency: { waitUpToMs: 5000 } },
  )
  return {
    definitionName: definitions.items[0].name,
    xmlHasDecision: xml.includes('id="route"'),
    requirements: requirements.items.map((r) => r.decisionRequirementsId),
    instances: found.items.map((i) => i.decisionDefinitionId),
    result: first.result,
    evaluatedInputs: first.evaluatedInputs,
    matchedRules: first.matchedRules.map((r) => r.ruleId),
  }
}

async function messages(name, correlationKey) {
  const wait = { consistency: { waitUpToMs: 5000 } }
  const open = await camunda.searchMessageSubscriptions({ filter: { messageName: name, correlationKey } }, wait)
  const correlated = await camunda.correlateMessage({ name, correlationKey, variables: { paid: 120 } })
  const published = await camunda.publishMessage({ name, correlationKey: 'later', timeToLive: 60_000 })
  const taken = await camunda.searchCorrelatedMessageSubscriptions({ filter: { messageKey: correlated.messageKey } }, wait)
  return {
    openSubscriptions: open.items.length,
    correlatedInstance: correlated.processInstanceKey,
    publishedKey: published.messageKey,
    correlatedSubscriptions: taken.items.map((c) => c.processInstanceKey),
  }
}

async function deployAndRun(file, processId) {
  const blob = new File([readFileSync(file)], path.basename(file), { type: 'application/xml' })
  const deployment = await camunda.createDeployment({ resources: [blob] })
  const definition = deployment.deployments[0].processDefinition
  const plain = await camunda.createProcessInstance({ processDefinitionId: processId, variables: { n: 1 } })
  const xml = await camunda.getProcessDefinitionXml({ processDefinitionKey: definition.processDefinitionKey }, { consistency: { waitUpToMs: 5000 } })
  const batch = await camunda.cancelProcessInstancesBatchOperation({ filter: { processDefinitionId: processId } }, { consistency: { waitUpToMs: 5000 } })
  return { processDefinitionKey: definition.processDefinitionKey, created: plain.processInstanceKey, xmlHasProcess: xml.includes(processId), batchOperationKey: batch.batchOperationKey }
}

async function createWithResult(processId) {
  const withResult = await camunda.createProcessInstance({ processDefinitionId: processId, variables: { n: 2 }, awaitCompletion: true })
  return { processInstanceKey: withResult.processInstanceKey, variables: withResult.variables }
}

async function signal(signalName) {
  const sent = await camunda.broadcastSignal({ signalName, variables: { by: 'orchestration-cluster-api' } })
  return { signalKey: sent.signalKey }
}

const steps = {
  signal: () => signal(args[0]),
  worker: () => worker(args[0], Number(args[1])),
  'user-task': () => userTask(args[0]),
  incidents: () => incidents(args[0]),
  decisions: () => decisions(args[0]),
  messages: () => messages(args[0], args[1]),
  'deploy-and-run': () => deployAndRun(args[0], args[1]),
  'create-with-result': () => createWithResult(args[0]),
}

setTimeout(() => {
  console.error(`step ${step} timed out`)
  process.exit(2)
}, 40_000)

try {
  done(await steps[step]())
} catch (error) {
  console.error(error?.stack ?? String(error))
  if (error?.cause) console.error(JSON.stringify(error.cause))
  process.exit(1)
}
