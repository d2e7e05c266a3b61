REM Edits a briefing DOCX as an editor would in LibreOffice, then saves it as DOCX.
REM Called by tests/test_edits_libreoffice.py as Standard.Module1.Edit(in, out, ...).
Sub Edit(sIn As String, sOut As String, sOld As String, sNew As String, sDelete As String, sAnchor As String, sComment As String)
    Dim aLoad(0) As New com.sun.star.beans.PropertyValue
    aLoad(0).Name = "Hidden" : aLoad(0).Value = True
    oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(sIn), "_blank", 0, aLoad())
    REM a figure changed with change tracking on
    oDoc.RecordChanges = True
    oSearch = oDoc.createSearchDescriptor()
    oSearch.SearchString = sOld
    oFound = oDoc.findFirst(oSearch)
    oFound.setString(sNew)
    oDoc.RecordChanges = False
    REM a list item deleted
    oEnum = oDoc.Text.createEnumeration()
    Do While oEnum.hasMoreElements()
        oPara = oEnum.nextElement()
        If oPara.supportsService("com.sun.star.text.Paragraph") Then
            If InStr(oPara.getString(), sDelete) = 1 Then
                oDoc.Text.removeTextContent(oPara)
                Exit Do
            End If
        End If
    Loop
    REM a comment on a phrase
    oSearch.SearchString = sAnchor
    oFound = oDoc.findFirst(oSearch)
    oNote = oDoc.createInstance("com.sun.star.text.textfield.Annotation")
    oNote.Author = "Editor"
    oNote.Content = sComment
    oFound.getText().insertTextContent(oFound, oNote, True)
    Dim aSave(0) As New com.sun.star.beans.PropertyValue
    aSave(0).Name = "FilterName" : aSave(0).Value = "MS Word 2007 XML"
    oDoc.storeToURL(ConvertToURL(sOut), aSave())
    oDoc.close(True)
End Sub
