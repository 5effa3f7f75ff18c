// The diagram viewer's and Operate's styles, bundled into the app's one style sheet.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './operate.css';
