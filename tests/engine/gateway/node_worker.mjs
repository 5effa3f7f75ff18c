// A job worker written with the Camunda 8 Node SDK, as a JavaScript team would write one.
// It reads its connection from the environment (ZEEBE_GRPC_ADDRESS, CAMUNDA_OAUTH_DISABLED ...),
// completes the given number of jobs of the given type, prints each job as JSON and exits.
import sdk from '@camunda8/sdk'

const [taskType, wanted] = [process.argv[2], Number(process.argv[3] ?? 1)]
const camunda = new sdk.Camunda8()
const zeebe = camunda.getZeebeGrpcApiClient()
let completed = 0

const worker = zeebe.createWorker({
  taskType,
  worker: 'node-sdk-worker',
  pollInterval: 100,
  taskHandler: async (job) => {
    const result = await job.complete({ checkedBy: 'node', amountSeen: job.variables.amount })
    console.log('JOB ' + JSON.stringify({ key: job.key, processInstanceKey: job.processInstanceKey, variables: job.variables }))
    completed += 1
    if (completed >= wanted) {
      setImmediate(async () => {
        await worker.close()
        await zeebe.close()
        process.exit(0)
      })
    }
    return result
  },
})

setTimeout(() => {
  console.error(`timed out after completing ${completed} of ${wanted} jobs`)
  process.exit(2)
}, 30_000)
