// The Camunda 8 Node SDK's (@camunda8/sdk 8.8) REST client driving the engine, as a JavaScript team
// would: a REST job worker, user tasks and messages. Connection from the environment
// (ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY=NONE ...).
//
// usage: node camunda8_sdk_rest.mjs <step> [args...]; prints one "RESULT <json>" line, exits 1 on error.
//   worker <jobType> <count>         complete, fail or throw as each job's variable `action` says
//   user-task <processInstanceKey>   find the instance's open task and complete it with variables
//   messages <name> <correlationKey> correlate a message, then publish one with a time to live
import sdk from '@camunda8/sdk'

const rest = new sdk.Camunda8().getCamundaRestClient()
const [step, ...args] = process.argv.slice(2)

async function worker(jobType, count) {
  const seen = []
  return new Promise((resolve) => {
    const w = rest.createJobWorker({
      type: jobType,
      worker: 'camunda8-sdk-rest',
      maxJobsToActivate: 4,
      timeout: 30_000,
      pollIntervalMs: 50,
      jobHandler: async (job) => {
        const action = job.variables.action
        seen.push({ jobKey: job.jobKey, action })
        let receipt
        if (action === 'fail') {
          receipt = await job.fail({ errorMessage: '登记系统不可用', retries: 0 })
        } else if (action === 'error') {
          receipt = await job.error({ errorCode: 'DOCS_MISSING', errorMessage: '缺少材料', variables: {} })
        } else {
          receipt = await job.complete({ checkedBy: 'camunda8-sdk-rest' })
        }
        if (seen.length >= count) {
          setImmediate(() => {
            w.stop()
            resolve(seen)
          })
        }
        return receipt
      },
    })
  })
}

async function userTask(processInstanceKey) {
  const found = await rest.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED' } })
  const [task] = found.items
  await rest.completeUserTask({ userTaskKey: task.userTaskKey, variables: { approved: true } })
  return { userTaskKey: task.userTaskKey, name: task.name, candidateGroups: task.candidateGroups }
}

async function messages(name, correlationKey) {
  const correlated = await rest.correlateMessage({ name, correlationKey, variables: { paid: 120 } })
  const published = await rest.publishMessage({ name, correlationKey: 'later', timeToLive: 60_000, variables: {} })
  return { correlatedInstance: correlated.processInstanceKey, publishedKey: published.messageKey }
}

const steps = {
  worker: () => worker(args[0], Number(args[1])),
  'user-task': () => userTask(args[0]),
  messages: () => messages(args[0], args[1]),
}

setTimeout(() => {
  console.error(`step ${step} timed out`)
  process.exit(2)
}, 40_000)

try {
  console.log('RESULT ' + JSON.stringify(await steps[step]()))
  process.exit(0)
} catch (error) {
  console.error(error?.stack ?? String(error))
  process.exit(1)
}
