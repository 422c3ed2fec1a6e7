"""Prints each failed test of a .trx file with the first lines of its message, so a truncated CI log still names them."""
import sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
root = ET.parse(sys.argv[1]).getroot()
for result in root.iterfind(".//t:UnitTestResult", ns):
    if result.get("outcome") != "Failed":
        continue
    message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
    print(f"FAILED {result.get('testName')} [{result.get('duration')}]")
    for line in message.splitlines()[:6]:
        print(f"    {line[:300]}")
