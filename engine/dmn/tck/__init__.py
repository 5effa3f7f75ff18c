"""The DMN TCK runner: runs the test cases of the DMN Technology Compatibility Kit against engine.dmn.

python -m engine.dmn.tck ../shared/dmn-tck/TestCases --results tck_results.csv
"""

from engine.dmn.tck.runner import CaseResult, run_tck, summarize, write_results

__all__ = ["CaseResult", "run_tck", "summarize", "write_results"]
